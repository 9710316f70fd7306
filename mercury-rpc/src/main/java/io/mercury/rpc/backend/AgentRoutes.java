package io.mercury.rpc.backend;

import io.mercury.rpc.link.AgentRequests;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * How the backend reaches an agent: over the agent's own connection when it is bound ({@link
 * AgentChannels}), else directly ({@code direct}, the {@link io.mercury.rpc.link.AgentLink}): the
 * original's agents, Mercury agents that did not offer the channel, and bound agents whose last channel
 * request failed or that have not sent a heartbeat since the backend started.
 */
final class AgentRoutes implements AgentRequests {
  private final AgentChannels channels;
  private final AgentRequests direct;

  AgentRoutes(AgentChannels channels, AgentRequests direct) {
    this.channels = channels;
    this.direct = direct;
  }

  @Override
  public CompletableFuture<Object> request(String mercuryId, String address, Object message, Duration timeout) {
    return channels.request(mercuryId, message, timeout).orElseGet(() -> direct.request(mercuryId, address, message, timeout));
  }
}
