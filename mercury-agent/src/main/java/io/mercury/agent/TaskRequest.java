package io.mercury.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated {@code category: rpc} request.
 *
 * @param taskId the task, unique across the fleet
 * @param jobId the job it belongs to
 * @param method the capability name
 * @param args positional arguments
 * @param kwargs keyword arguments
 * @param timeout the request's own time limit, or null to use the capability's
 */
public record TaskRequest(
    String taskId, String jobId, String method, List<Object> args, Map<String, Object> kwargs, Duration timeout) {
  public TaskRequest {
    Objects.requireNonNull(taskId, "taskId is null");
    Objects.requireNonNull(jobId, "jobId is null");
    Objects.requireNonNull(method, "method is null");
    args = args == null ? List.of() : args;
    kwargs = kwargs == null ? Map.of() : kwargs;
  }
}
