package io.mercury.common.protocol.backend;

import io.mercury.common.protocol.TaskStatus;
import java.util.Objects;

/**
 * An agent's {@code update_task} report: the task started ({@code status: STARTED} with {@code
 * time_started}), or its progress ({@code action}, {@code progress}). Absent fields are null.
 *
 * @param jobId the task's job (the original agent leaves it out), or null
 * @param status null, or STARTED: any later state is reported with {@code complete_task}
 * @param progress between 0 and 1, or null
 */
public record TaskUpdate(String taskId, String jobId, TaskStatus status, Double timeStarted, String action, Double progress) {
  public TaskUpdate {
    Objects.requireNonNull(taskId, "taskId is null");
    if (status != null && status != TaskStatus.STARTED) {
      throw new IllegalArgumentException("update_task can only report STARTED; report " + status + " with complete_task");
    }
  }

  /** The task started at {@code timeStarted} (epoch seconds, the agent's clock). */
  public static TaskUpdate started(String taskId, String jobId, double timeStarted) {
    return new TaskUpdate(taskId, jobId, TaskStatus.STARTED, timeStarted, null, null);
  }

  /** The task's progress: what it is doing and how far along it is (0..1). */
  public static TaskUpdate progress(String taskId, String jobId, String action, double progress) {
    return new TaskUpdate(taskId, jobId, null, null, action, progress);
  }
}
