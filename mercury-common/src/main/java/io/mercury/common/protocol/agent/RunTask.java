package io.mercury.common.protocol.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code {"category": "rpc", "method", "args", "kwargs", "task_id", "job_id"}}: run capability {@code
 * method} as task {@code taskId}. Mercury adds {@code mercury_id} and {@code timeout}.
 *
 * @param method the capability name
 * @param args positional arguments
 * @param kwargs keyword arguments (free-form: the capability's own)
 * @param taskId the task, unique across the fleet
 * @param jobId the job it belongs to
 * @param mercuryId the target device, or null (the original never sends it)
 * @param timeoutSeconds the task's own time limit in seconds as sent, or null to use the capability's
 */
public record RunTask(
    String method, List<Object> args, Map<String, Object> kwargs, String taskId, String jobId, String mercuryId, Double timeoutSeconds)
    implements AgentRequest {
  public RunTask {
    Objects.requireNonNull(method, "method is null");
    Objects.requireNonNull(taskId, "taskId is null");
    Objects.requireNonNull(jobId, "jobId is null");
    args = args == null ? List.of() : args;
    kwargs = kwargs == null ? Map.of() : kwargs;
  }

  /** The time limit the request sets, or null when the capability's applies. */
  public Duration timeout() {
    return timeoutSeconds == null ? null : Duration.ofMillis(Math.round(timeoutSeconds * 1000));
  }
}
