package io.mercury.common.transport;

import io.mercury.common.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * A ZeroMQ ROUTER service compatible with the original's framing: every frame but the last is the return
 * envelope, the last is the payload, and each request gets exactly one reply with the same envelope.
 *
 * <p>Threading: one loop thread owns the ROUTER socket. It reads frames, checks the frame count and size,
 * and hands each payload to a fixed pool of worker threads that run the {@link MessageHandler}. Workers
 * never touch the socket: they queue the reply and wake the loop through a pipe, and the loop writes it.
 * The loop runs no application code; the only replies it builds itself are the transport errors (too few
 * frames, too large, server busy), so a slow endpoint can never stall reading or replying.
 *
 * <p>Every malformed input is answered: a two-frame message (a DEALER that sent no empty delimiter) is
 * answered on its identity; a payload over {@link ServerSettings#maxMessageBytes()} and a request that
 * finds the work queue full get an error reply at once. The original's keep-alive is confirmed by the
 * loop too, so a client can tell a live but busy server from a dead one.
 *
 * <p>Security: with {@link ServerSettings#curve()} set, the socket is a CURVE server whose connections
 * the context's ZAP handler authorises; a key it refuses gets nothing. Every message is then checked
 * again against the live allow-list by the key its connection authenticated with, and the handler gets
 * that key's {@link Caller}. A message whose key is no longer accepted (revoked on an open connection)
 * is answered with {@value #KEY_REVOKED} and never reaches the handler; a message on a connection
 * without a ZAP user id (no ZAP handler ran) is dropped and logged. Without CURVE every caller is
 * {@link Caller#unauthenticated()}.
 *
 * <p>Requests to clients: a message that came straight from a client's DEALER ({@code [routing id][8-byte
 * request id][empty][payload]}) reaches the handler with its {@link Peer}, the connection it came on. A
 * server created with {@link PeerRequests} also sends that object's requests to such connections and
 * matches the clients' replies to them, here in the loop, after the checks above (so with CURVE a reply
 * is matched by the key it was authenticated with); a reply that matches nothing is answered with an
 * error like any other message. Such a server's ROUTER also reports every connection that closes, which
 * it hands to {@link PeerRequests#disconnected} (a client that sends the same frame speaks only of its
 * own connection).
 *
 * <p>The parts: {@link RouterLoop} (the loop thread and its socket), {@link RequestDispatch} (checks,
 * the worker pool, the handler), {@link CurveCallers} (who sent a CURVE message), {@link PeerTraffic}
 * (requests to clients) and {@link ReplyQueue} (replies on their way to the loop).
 */
public final class RouterServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RouterServer.class);
  private static final long DRAIN_MS = 5000;
  /** The error reply to a message whose key was revoked after its connection was authorised. */
  public static final String KEY_REVOKED = "Permission denied: key revoked";

  private final ServerSettings settings;
  private final ServerCounters counters = new ServerCounters();
  private final RequestDispatch dispatch;
  private final RouterLoop loop;

  public RouterServer(ZContext context, ServerSettings settings, MessageHandler handler) {
    this(context, settings, handler, null);
  }

  /**
   * A server that also carries {@code peers}' requests to its clients, over their own connections, and
   * matches their replies (see {@link PeerRequests}). Its socket is then a mandatory ROUTER: a message to
   * a connection that is gone fails at once instead of vanishing, so such a request fails without waiting
   * for its timeout. The caller closes {@code peers} after the server.
   */
  public RouterServer(ZContext context, ServerSettings settings, MessageHandler handler, PeerRequests peers) {
    this.settings = settings;
    WakeupPipe wakeup = new WakeupPipe();
    ReplyQueue replies = new ReplyQueue(settings.name(), wakeup, counters);
    PeerTraffic traffic = new PeerTraffic(peers, replies, wakeup);
    this.dispatch = new RequestDispatch(settings, handler, counters, replies);
    this.loop = new RouterLoop(context, settings, counters, replies, traffic, dispatch, wakeup);
  }

  /**
   * Binds and starts serving. Returns the address clients can connect to: a wildcard host becomes
   * {@code 127.0.0.1} and port {@code 0} becomes the port actually bound.
   *
   * @throws IllegalStateException when the address cannot be bound
   */
  public String start() {
    return loop.start();
  }

  /** The connectable address, once started. */
  public String endpoint() {
    return loop.endpoint();
  }

  public ServerStats stats() {
    return counters.snapshot();
  }

  /**
   * Stops reading new requests, lets running requests finish and their replies go out (up to five
   * seconds), then closes the socket.
   */
  @Override
  public void close() {
    loop.stopAccepting();
    dispatch.drain(DRAIN_MS);
    loop.stop(DRAIN_MS);
    log.info("{} stopped: {}", settings.name(), stats());
  }
}
