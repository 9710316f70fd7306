package io.mercury.rpc.backend;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Sends one message to an agent's socket and completes with the decoded reply, or fails. */
@FunctionalInterface
public interface AgentRequests {
  CompletableFuture<Object> request(String address, Object message, Duration timeout);
}
