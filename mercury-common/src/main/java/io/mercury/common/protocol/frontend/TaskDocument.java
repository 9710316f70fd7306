package io.mercury.common.protocol.frontend;

import io.mercury.common.protocol.TaskStatus;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A task as the frontend returns it ({@code get_task}, {@code get_job_tasks}; docs/protocol.md, "RPC
 * frontend"), with typed reads of the fields clients show. The document is kept whole, for output that
 * prints it as it came.
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

  public String jobId() {
    return Documents.string(document, "job_id");
  }

  /** The capability called, or null. */
  public String method() {
    return Documents.string(document, "method");
  }

  /** The call's positional arguments as sent (a list), or null. */
  public Object args() {
    return document.get("args");
  }

  /** The call's keyword arguments as sent (a map), or null. */
  public Object kwargs() {
    return document.get("kwargs");
  }

  /** The agent's host, or null before dispatch. */
  public Object host() {
    return document.get("host");
  }

  /** The agent's RPC port, or null. */
  public Object port() {
    return document.get("port");
  }

  /** The origin name of the backend that dispatches it, or null. */
  public String backend() {
    return Documents.string(document, "backend");
  }

  /** The timeout in seconds, or null. */
  public Double timeout() {
    return Documents.number(document, "timeout");
  }

  /** The agent's last reported action, or null. */
  public String action() {
    return Documents.string(document, "action");
  }

  /** The agent's last reported progress (0 to 1), or null. */
  public Double progress() {
    return Documents.number(document, "progress");
  }

  /** The time {@code field} as stored (epoch seconds; the original wrote some as text), or null. */
  public Object time(String field) {
    return document.get(field);
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

  /** The traceback as the agent sent it (free-form), or null. */
  public Object traceback() {
    return document.get("traceback");
  }

  /** Each state with its time and reason (a list of free-form entries), or null. */
  public Object history() {
    return document.get("history");
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
