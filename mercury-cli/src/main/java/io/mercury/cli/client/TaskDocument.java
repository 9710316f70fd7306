package io.mercury.cli.client;

import io.mercury.common.protocol.TaskStatus;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A task as the rpc frontend returns it (contract "Task document"), with typed reads of the fields the
 * CLI shows. The document itself is kept whole, for {@code --json}.
 *
 * @param document the task document
 */
public record TaskDocument(Map<String, Object> document) {
  public TaskDocument {
    Objects.requireNonNull(document, "document is null");
  }

  public String taskId() {
    String id = Documents.string(document, "task_id");
    return id == null ? Documents.string(document, "_id") : id;
  }

  public String mercuryId() {
    return Documents.string(document, "mercury_id");
  }

  public String status() {
    return Documents.string(document, "status");
  }

  /** The state, empty when the status is missing or not one this client knows. */
  public Optional<TaskStatus> state() {
    return TaskStatus.named(document.get("status"));
  }

  /** Whether the task is finished: {@code time_completed} set, or a terminal status. */
  public boolean done() {
    return document.get("time_completed") != null || state().map(TaskStatus::isTerminal).orElse(false);
  }

  /** The capability's return value. */
  public Object message() {
    return document.get("message");
  }

  /** Why the task ended, for ERROR, TIMEOUT and CANCELLED; null when not given. */
  public String reason() {
    return Documents.string(document, "reason");
  }

  /** The exception's text ({@code traceback.exc_value}), or null. */
  public String exceptionText() {
    Map<String, Object> traceback = Documents.map(document.get("traceback"));
    Object type = traceback.get("exc_type");
    Object value = traceback.get("exc_value");
    if (value == null && type == null) {
      return null;
    }
    return type == null ? String.valueOf(value) : type + (value == null ? "" : ": " + value);
  }

  public Double timeStarted() {
    return Documents.number(document, "time_started");
  }

  public Double timeCompleted() {
    return Documents.number(document, "time_completed");
  }
}
