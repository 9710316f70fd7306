package io.mercury.common.protocol.frontend;

import io.mercury.common.protocol.TaskStatus;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reply of {@code get_job_status}: the job plus {@code has_failures} and {@code tasks: [{task_id, status,
 * mercury_id}]}. On the wire the two are fields of the job document; a decoded {@code job} keeps them, so its
 * document is the reply as it came.
 *
 * @param job the job
 * @param hasFailures whether a task is ERROR or TIMEOUT
 * @param tasks each task's id, status and device
 */
public record JobStatus(JobDocument job, boolean hasFailures, List<TaskSummary> tasks) {
  public JobStatus {
    Objects.requireNonNull(job, "job is null");
    tasks = List.copyOf(tasks);
  }

  /** Tasks per state: the job's {@code counts} when it has them, else counted from {@link #tasks}. */
  public Map<TaskStatus, Long> counts() {
    if (job.hasCounts()) {
      return job.counts();
    }
    Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
    for (TaskStatus s : TaskStatus.values()) {
      counts.put(s, 0L);
    }
    for (TaskSummary task : tasks) {
      task.state().ifPresent(s -> counts.merge(s, 1L, Long::sum));
    }
    return counts;
  }
}
