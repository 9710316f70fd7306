package io.mercury.agent;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.agent.AgentWire;
import io.mercury.common.security.Caller;
import io.mercury.common.transport.MessageHandler;
import io.mercury.common.transport.ServiceClient;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The agent's side of the agent channel (docs/protocol.md, "Agent channel"): the backend's requests that
 * arrive over the agent's own connection to the backend. Tasks and cancels go to the same {@link
 * RpcHandler} as on the RPC socket, pings to the same answer as on the pong socket, so the replies are
 * byte for byte those of the direct sockets (a request for another device gets status 6). The sender is
 * the backend the connection authenticated (with CURVE, the server key the agent checked in the
 * handshake).
 *
 * <p>Each request counts as contact with the backend, like a ping ({@link #lastContact}). Each proven
 * connection is reported to {@link #serve}'s {@code connected} action (the {@link Registrar} then sends
 * a heartbeat at once, which binds the new connection).
 *
 * <p>Threading: called on the backend client's inbound workers. {@link #serve} is called once, before
 * the agent registers (the backend sends nothing over a connection before it is offered at
 * registration); until then a request is refused.
 */
final class AgentChannel implements ServiceClient.Inbound {
  private static final byte[] NOT_READY = MsgPack.encode(Map.of("error", true, "message", "the agent is starting"));

  private record Route(MessageHandler rpc, UnaryOperator<byte[]> pong, Runnable connected) {}

  private final Caller backend;
  private final InstantSource clock;
  private volatile Route route;
  private volatile Instant lastContact;

  /** @param backend the caller the backend's requests are checked as (see {@link RpcHandler}) */
  AgentChannel(Caller backend, InstantSource clock) {
    this.backend = backend;
    this.clock = clock;
  }

  /**
   * Starts serving.
   *
   * @param rpc tasks and cancels
   * @param pong the pong answer to a ping
   * @param connected run on each proven connection
   */
  void serve(MessageHandler rpc, UnaryOperator<byte[]> pong, Runnable connected) {
    this.route = new Route(rpc, pong, connected);
  }

  /** When the backend last sent a request over the channel; null if it never did. */
  Instant lastContact() {
    return lastContact;
  }

  @Override
  public byte[] handle(byte[] payload) {
    Route r = route;
    if (r == null) {
      return NOT_READY;
    }
    lastContact = clock.instant();
    return isPing(payload) ? r.pong().apply(payload) : r.rpc().handle(payload, backend);
  }

  @Override
  public void connected() {
    Route r = route;
    if (r != null) {
      r.connected().run();
    }
  }

  /** A ping as the backend sends it to the pong socket: {@code message: ping} and no category. */
  private static boolean isPing(byte[] payload) {
    try {
      Object decoded = MsgPack.decode(payload);
      return AgentWire.ping(decoded).isPresent() && !((Map<?, ?>) decoded).containsKey("category");
    } catch (MalformedMessageException e) {
      return false; // the RPC handler answers it with the reason
    }
  }
}
