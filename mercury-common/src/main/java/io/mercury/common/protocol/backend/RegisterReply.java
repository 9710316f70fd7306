package io.mercury.common.protocol.backend;

import java.time.Duration;

/**
 * What {@code register} answers: {@code {"mercury_id", "backend"}}, with {@code heartbeat_interval}
 * (seconds) when the backend wants heartbeats and {@code channel: true} when it bound the agent channel.
 * The original backend answers {@code "accepted"}, read as {@link #ACCEPTED}: no id, no heartbeats, no channel.
 *
 * @param heartbeatInterval how often to send heartbeats, or null for none
 */
public record RegisterReply(String mercuryId, String backend, Duration heartbeatInterval, boolean channel) {
  /** The original backend's bare acknowledgement. */
  public static final RegisterReply ACCEPTED = new RegisterReply(null, null, null, false);

  public RegisterReply {
    if (heartbeatInterval != null && (heartbeatInterval.isZero() || heartbeatInterval.isNegative())) {
      throw new IllegalArgumentException("heartbeatInterval must be positive, was " + heartbeatInterval);
    }
  }

  /** The same reply, saying the agent channel is bound. */
  public RegisterReply withChannel() {
    return new RegisterReply(mercuryId, backend, heartbeatInterval, true);
  }
}
