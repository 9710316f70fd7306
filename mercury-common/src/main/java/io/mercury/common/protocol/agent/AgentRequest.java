package io.mercury.common.protocol.agent;

/**
 * A request the backend sends an agent's rpc socket (or its agent channel): run a task or cancel one.
 * Pings go to the pong socket and are a {@link Ping}.
 */
public sealed interface AgentRequest permits RunTask, CancelTask {
  /** The task the request is about. */
  String taskId();

  /** The job the task belongs to. */
  String jobId();

  /** The device the request is meant for (Mercury only), or null; a Mercury agent refuses another device's. */
  String mercuryId();
}
