package io.mercury.cli.client;

import io.mercury.common.protocol.TaskStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job as the rpc frontend returns it ({@code get_job}, {@code get_job_status}, {@code get_jobs};
 * contract "Job document"), with typed reads of the fields the CLI shows. The document is kept whole,
 * for {@code --json}.
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

  /** The instruction's method, {@code preprocessor:<name>} for a preprocessor, or null. */
  public String method() {
    Map<String, Object> instruction = Documents.map(document.get("instruction"));
    if (instruction.get("method") instanceof String m) {
      return m;
    }
    return instruction.get("preprocessor") instanceof String p ? "preprocessor:" + p : null;
  }

  public long taskCount() {
    return Documents.count(document, "task_count");
  }

  public String requestedBy() {
    return Documents.string(document, "requested_by");
  }

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

  /**
   * Tasks per state: the job's {@code counts} when present, else counted from the {@code tasks} list
   * of {@code get_job_status}.
   */
  public Map<TaskStatus, Long> counts() {
    Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
    Map<String, Object> given = Documents.map(document.get("counts"));
    if (!given.isEmpty()) {
      for (TaskStatus s : TaskStatus.values()) {
        counts.put(s, Documents.count(given, s.name()));
      }
      return counts;
    }
    for (TaskStatus s : TaskStatus.values()) {
      counts.put(s, 0L);
    }
    for (TaskDocument task : statusTasks()) {
      task.state().ifPresent(s -> counts.merge(s, 1L, Long::sum));
    }
    return counts;
  }

  /** The {@code tasks: [{task_id, status}]} of {@code get_job_status}; empty for other replies. */
  public List<TaskDocument> statusTasks() {
    List<TaskDocument> tasks = new ArrayList<>();
    if (document.get("tasks") instanceof List<?> list) {
      list.forEach(t -> tasks.add(new TaskDocument(Documents.map(t))));
    }
    return tasks;
  }
}
