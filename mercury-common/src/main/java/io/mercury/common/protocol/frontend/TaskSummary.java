package io.mercury.common.protocol.frontend;

import io.mercury.common.protocol.TaskStatus;
import java.util.Optional;

/**
 * One task in {@code get_job_status}'s {@code tasks}: {@code {task_id, status, mercury_id}}. The status is
 * kept as sent, so a client shows a state it does not know as it came.
 */
public record TaskSummary(String taskId, String status, String mercuryId) {
  /** The state, empty when the status is missing or not one this client knows. */
  public Optional<TaskStatus> state() {
    return TaskStatus.named(status);
  }
}
