package io.mercury.common.protocol.agent;

import java.util.Objects;

/**
 * {@code {"category": "cancel", "task_id", "job_id", "mercury_id"}} (Mercury only): stop task {@code taskId}
 * if it runs.
 *
 * @param jobId the job, or null (a Mercury agent needs only the task id)
 * @param mercuryId the target device, or null
 */
public record CancelTask(String taskId, String jobId, String mercuryId) implements AgentRequest {
  public CancelTask {
    Objects.requireNonNull(taskId, "taskId is null");
  }
}
