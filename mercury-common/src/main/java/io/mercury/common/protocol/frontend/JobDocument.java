package io.mercury.common.protocol.frontend;

import io.mercury.common.protocol.TaskStatus;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A job as the frontend returns it ({@code get_job}, {@code get_jobs}; docs/protocol.md, "RPC frontend"),
 * with typed reads of the fields clients show. The document is kept whole (it is free-form and may be
 * projected), for output that prints it as it came.
 *
 * @param document the job document
 */
public record JobDocument(Map<String, Object> document) {
  public JobDocument {
    Objects.requireNonNull(document, "document is null");
  }

  public String jobId() {
    String id = Documents.string(document, "job_id");
    return id == null ? Documents.string(document, "_id") : id;
  }

  /** The instruction's document; empty when not given. */
  public Map<String, Object> instruction() {
    return Documents.map(document.get("instruction"));
  }

  /** The instruction's method, {@code preprocessor:<name>} for a preprocessor, or null. */
  public String method() {
    Map<String, Object> instruction = instruction();
    if (instruction.get("method") instanceof String m) {
      return m;
    }
    return instruction.get("preprocessor") instanceof String p ? "preprocessor:" + p : null;
  }

  /** The query that chose the targets (free-form), or null. */
  public Object query() {
    return document.get("query");
  }

  /** Open tasks (one more while the job is created); null for a job of the original, which has none. */
  public Long remaining() {
    return document.get("remaining") instanceof Number n ? n.longValue() : null;
  }

  /** Whether the job was cancelled. */
  public boolean cancelled() {
    return Boolean.TRUE.equals(document.get("cancelled"));
  }

  /** Who cancelled it, or null. */
  public String cancelledBy() {
    return Documents.string(document, "cancelled_by");
  }

  public long taskCount() {
    return Documents.count(document, "task_count");
  }

  public String requestedBy() {
    return Documents.string(document, "requested_by");
  }

  /** When it was created; {@code time_started} for a job of the original, which had no creation time. */
  public Double timeCreated() {
    Double created = Documents.number(document, "time_created");
    return created == null ? Documents.number(document, "time_started") : created;
  }

  public Double timeCompleted() {
    return Documents.number(document, "time_completed");
  }

  /** Whether every task is finished ({@code time_completed} set). */
  public boolean done() {
    return document.get("time_completed") != null;
  }

  /** Whether the job carries {@code counts} (the original's jobs do not). */
  public boolean hasCounts() {
    return !Documents.map(document.get("counts")).isEmpty();
  }

  /** Tasks per state from the job's {@code counts}; 0 for a state it does not give. */
  public Map<TaskStatus, Long> counts() {
    Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
    Map<String, Object> given = Documents.map(document.get("counts"));
    for (TaskStatus s : TaskStatus.values()) {
      counts.put(s, Documents.count(given, s.name()));
    }
    return counts;
  }
}
