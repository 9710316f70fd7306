package io.mercury.rpc.link;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.security.CurveClient;
import io.mercury.common.transport.TransportException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZEvent;
import org.zeromq.ZMQ;

/**
 * One DEALER connected to one agent endpoint (its RPC ROUTER or its pong REP), kept open between
 * requests. Owned by the link's loop thread; never used by two requests at once.
 *
 * <p>A fresh connection is watched through a socket monitor until its handshake completes (it is
 * "proven"); only then is anything written to it, so replacing one whose handshake stalled can never
 * deliver a request twice. The monitor is closed once the connection is proven: a proven connection
 * costs one socket. If the agent restarts, ZeroMQ reconnects the DEALER by itself, and a request
 * written meanwhile waits in the socket's queue until the connection is back or the request's timeout
 * closes the connection.
 */
final class AgentConnection {
  /**
   * Where a connection goes, and the CURVE server key it was opened with (null in plaintext): a device
   * whose key changed gets a new connection, never one opened with its old key.
   */
  record Endpoint(String address, String serverKey) {
    /**
     * Checks that {@code address} is a ZeroMQ TCP endpoint, {@code tcp://HOST:PORT} (IPv6 hosts in
     * brackets).
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static void check(String address) {
      if (address == null || !address.startsWith("tcp://")) {
        throw new IllegalArgumentException("not a tcp:// address: " + address);
      }
      int colon = address.lastIndexOf(':');
      String host = address.substring("tcp://".length(), Math.max(colon, "tcp://".length()));
      String port = address.substring(colon + 1);
      boolean bracketsOk = !host.contains(":") || (host.startsWith("[") && host.endsWith("]"));
      if (host.isEmpty() || !bracketsOk || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
        throw new IllegalArgumentException("not a tcp://HOST:PORT address (IPv6 hosts in brackets): " + address);
      }
    }
  }

  private static final byte[] EMPTY = new byte[0];
  private static final long MAX_REPLY_BYTES = 64L * 1024 * 1024;
  // JeroMQ 0.6.0 sometimes opens a TCP connection whose handshake never completes: the peer's greeting
  // sits unread in the kernel (jeromq issues 624 and 849; here about one fresh connection in fifty when
  // the link is otherwise idle). A connection not proven within its budget is replaced by a new socket;
  // the budget doubles on each replacement up to the max, so an address nobody listens on costs a few
  // sockets per request, not a storm.
  static final long INITIAL_CONNECT_BUDGET_MS = 250;
  private static final long CONNECT_BUDGET_MAX_MS = 2000;
  // An idle connection to an agent that went away keeps reconnecting until a request on it times out
  // (a ping, at most one interval later); backing off to this spares the backend a dead fleet's retries.
  private static final int RECONNECT_MAX_MS = 5000;

  private final Endpoint endpoint;
  private final CurveClient curve;
  private final ZContext context;
  private final Supplier<String> monitorAddresses;
  private final LinkGauges gauges;
  private ZMQ.Socket socket;
  private ZMQ.Socket monitor;
  private ZMQ.PollItem pollItem;
  private long connectBudgetMs;
  private long connectDeadline;
  private long idleSince;

  AgentConnection(
      Endpoint endpoint, CurveClient curve, ZContext context, Supplier<String> monitorAddresses, LinkGauges gauges) {
    this.endpoint = endpoint;
    this.curve = curve;
    this.context = context;
    this.monitorAddresses = monitorAddresses;
    this.gauges = gauges;
  }

  Endpoint endpoint() {
    return endpoint;
  }

  /**
   * Opens the DEALER and its monitor and starts connecting, with {@link #INITIAL_CONNECT_BUDGET_MS} to
   * be proven.
   *
   * @throws RuntimeException (a ZMQException, or zmq.ZError.IOException when out of file descriptors)
   *     when a socket cannot be opened; whatever was opened is closed again
   */
  void open(long now) {
    open(now, INITIAL_CONNECT_BUDGET_MS);
  }

  /** Closes a connection that was not proven in time and opens a new one with twice the budget. */
  void reopen(long now) {
    close();
    open(now, Math.min(2 * connectBudgetMs, CONNECT_BUDGET_MAX_MS));
  }

  private void open(long now, long budgetMs) {
    try {
      socket = context.createSocket(SocketType.DEALER);
      gauges.sockets.incrementAndGet();
      gauges.connections.incrementAndGet();
      socket.setLinger(0);
      socket.setReconnectIVLMax(RECONNECT_MAX_MS);
      socket.setMaxMsgSize(MAX_REPLY_BYTES);
      if (curve != null) {
        curve.apply(socket);
      }
      if (endpoint.address().startsWith("tcp://[")) {
        socket.setIPv6(true);
      }
      String monitorAddress = monitorAddresses.get();
      socket.monitor(monitorAddress, ZMQ.EVENT_CLOSED | ZMQ.EVENT_HANDSHAKE_PROTOCOL);
      monitor = context.createSocket(SocketType.PAIR);
      gauges.sockets.incrementAndGet();
      monitor.setLinger(0);
      monitor.connect(monitorAddress);
      socket.connect(endpoint.address());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    connectBudgetMs = budgetMs;
    connectDeadline = now + budgetMs * 1_000_000;
    pollItem = new ZMQ.PollItem(monitor, ZMQ.Poller.POLLIN);
  }

  /** Where an unproven connection stands. */
  enum Progress {
    /** Still connecting or shaking hands. */
    CONNECTING,
    /** The handshake completed: requests may be written. */
    PROVEN,
    /**
     * The TCP connection itself failed before any was made: refused (nothing listens at the address),
     * or the host is unreachable. ZeroMQ would retry it, but no agent answers there now.
     */
    REFUSED
  }

  /**
   * Reads the monitor's events. Once the handshake has completed the monitor is closed and the socket is
   * polled instead.
   */
  Progress progress() {
    ZEvent event;
    while ((event = ZEvent.recv(monitor, ZMQ.DONTWAIT)) != null) {
      switch (event.getEvent()) {
        case HANDSHAKE_PROTOCOL -> {
          closeMonitor();
          pollItem = new ZMQ.PollItem(socket, ZMQ.Poller.POLLIN);
          return Progress.PROVEN;
        }
        case CLOSED -> {
          // ZeroMQ's connecter closes its TCP socket when the connect itself failed (refused, host
          // unreachable), and then retries; a connection that was made and dropped is reported as
          // disconnected instead, and is left to the connect budget and the request's timeout
          return Progress.REFUSED;
        }
        default -> {}
      }
    }
    return Progress.CONNECTING;
  }

  /** When an unproven connection's budget runs out (System.nanoTime). */
  long connectDeadline() {
    return connectDeadline;
  }

  /** What to poll: the monitor until the connection is proven, then the socket. */
  ZMQ.PollItem pollItem() {
    return pollItem;
  }

  /** Writes {@code [empty][payload]}, which a REP peer reads as a REQ request; false if refused. */
  boolean send(byte[] payload) {
    return socket.send(EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT) && socket.send(payload, ZMQ.DONTWAIT);
  }

  /** Whether a message is waiting (asked of the socket itself, which also sees one the poll missed). */
  boolean readable() {
    return (socket.getEvents() & ZMQ.Poller.POLLIN) != 0;
  }

  /**
   * Reads the waiting reply: {@code [empty][msgpack payload]}, as the original's servers send it.
   *
   * @throws TransportException "malformed reply from ADDRESS: ..." when it is framed otherwise or its
   *     payload is not msgpack (the connection must then be closed, not reused)
   */
  Object receiveReply() throws TransportException {
    List<byte[]> frames = receive();
    if (frames.size() != 2 || frames.get(0).length != 0) {
      throw new TransportException(
          "malformed reply from "
              + endpoint.address()
              + ": expected an empty delimiter and one payload frame, got "
              + frames.size()
              + " frame(s)");
    }
    try {
      return MsgPack.decode(frames.get(1));
    } catch (MalformedMessageException e) {
      throw new TransportException("malformed reply from " + endpoint.address() + ": " + e.getMessage(), e);
    }
  }

  private List<byte[]> receive() {
    List<byte[]> frames = new ArrayList<>(2);
    byte[] frame;
    while ((frame = socket.recv(ZMQ.DONTWAIT)) != null) {
      frames.add(frame);
      if (!socket.hasReceiveMore()) {
        break;
      }
    }
    return frames;
  }

  void idleSince(long now) {
    idleSince = now;
  }

  long idleSince() {
    return idleSince;
  }

  /** Closes the sockets; a reply still on its way is dropped with them. */
  void close() {
    closeMonitor();
    if (socket != null) {
      socket.close();
      socket = null;
      gauges.sockets.decrementAndGet();
      gauges.connections.decrementAndGet();
    }
    pollItem = null;
  }

  private void closeMonitor() {
    if (monitor != null) {
      socket.monitor(null, 0);
      monitor.close();
      monitor = null;
      gauges.sockets.decrementAndGet();
    }
  }
}
