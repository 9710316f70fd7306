package io.mercury.rpc.link;

import io.mercury.common.security.CurveClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** One request of an {@link AgentLink}; its mutable fields belong to the link's loop thread. */
final class LinkCall {
  final AgentConnection.Endpoint endpoint;
  final CurveClient curve;
  final byte[] payload;
  final Duration timeout;
  final CompletableFuture<Object> future = new CompletableFuture<>();
  AgentConnection connection;
  /** When the request fails for want of a reply (System.nanoTime), set when it gets an in-flight slot. */
  long deadline;
  /** Written on its connection (which is proven by then). */
  boolean sent;

  LinkCall(AgentConnection.Endpoint endpoint, CurveClient curve, byte[] payload, Duration timeout) {
    this.endpoint = endpoint;
    this.curve = curve;
    this.payload = payload;
    this.timeout = timeout;
  }

  /** Closes the call's connection, if it has one: a reply still on its way is dropped with it. */
  void closeConnection() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }

  String address() {
    return endpoint.address();
  }
}
