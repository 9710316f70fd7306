package io.mercury.common.protocol.backend;

import io.mercury.common.protocol.TaskStatus;
import java.util.Objects;

/**
 * An agent's {@code complete_task} report: the task's final status and result.
 *
 * @param jobId the task's job, or null
 * @param status a final status (SUCCESS, ERROR, TIMEOUT, CANCELLED; the original's EXCEPTION reads as ERROR)
 * @param message the capability's result, free-form (may be null)
 * @param traceback the structured exception ({@code exc_type}, {@code exc_value}, ...), free-form, or null
 * @param timeStarted when the task started (agent clock, epoch seconds), or null
 * @param timeCompleted when it ended, or null
 * @param action the last action ({@code Completed}), or null
 * @param reason why it did not succeed (Mercury's agent), or null
 */
public record TaskCompletion(
    String taskId,
    String jobId,
    TaskStatus status,
    Object message,
    Object traceback,
    Double timeStarted,
    Double timeCompleted,
    String action,
    String reason) {
  public TaskCompletion {
    Objects.requireNonNull(taskId, "taskId is null");
    Objects.requireNonNull(status, "status is null");
    if (!status.isTerminal()) {
      throw new IllegalArgumentException("complete_task needs a final status (SUCCESS, ERROR, TIMEOUT, CANCELLED), not " + status);
    }
  }
}
