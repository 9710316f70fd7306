package io.mercury.common.protocol.agent;

/**
 * The {@code data} of an agent's status 0 to a run request: {@code {"time_started", "message"}}, and
 * {@code "duplicate": true} when it already had the task (Mercury only).
 *
 * @param timeStarted when the task started, seconds since the epoch; null from the original agent
 * @param message the original's {@code Hakuna matata}, or why a duplicate was not run again
 */
public record TaskAccepted(Double timeStarted, String message, boolean duplicate) {
  /** A task taken on: {@code Hakuna matata}, as the original says. */
  public static TaskAccepted started(Double timeStarted) {
    return new TaskAccepted(timeStarted, "Hakuna matata", false);
  }

  /** A re-delivery of task {@code taskId}, which the agent already has and does not run again. */
  public static TaskAccepted duplicate(String taskId, Double timeStarted) {
    return new TaskAccepted(timeStarted, "already have task " + taskId, true);
  }
}
