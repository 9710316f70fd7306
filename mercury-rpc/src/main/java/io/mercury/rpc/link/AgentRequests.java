package io.mercury.rpc.link;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one message to device {@code mercuryId}'s agent (at {@code address}, when it is reached
 * directly) and completes with the decoded reply, or fails. With CURVE, only the key the device
 * registered with can answer. Implemented by the {@link AgentLink} (connections to the agents, kept open between
 * requests) and by the backend's routes, which prefer the agent's own connection to the backend.
 */
@FunctionalInterface
public interface AgentRequests {
  CompletableFuture<Object> request(String mercuryId, String address, Object message, Duration timeout);
}
