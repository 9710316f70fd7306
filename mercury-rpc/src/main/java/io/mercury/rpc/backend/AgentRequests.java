package io.mercury.rpc.backend;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one message to device {@code mercuryId}'s agent at {@code address} and completes with the
 * decoded reply, or fails. With CURVE, only the key the device registered with can answer.
 */
@FunctionalInterface
public interface AgentRequests {
  CompletableFuture<Object> request(String mercuryId, String address, Object message, Duration timeout);
}
