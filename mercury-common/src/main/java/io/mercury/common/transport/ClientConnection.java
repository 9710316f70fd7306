package io.mercury.common.transport;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.KeepAlive;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * One connection of a {@link ServiceClient}: its DEALER socket and a monitor of that socket, and whether
 * the connection is proven yet.
 *
 * <p>A new connection is proven before it carries requests: once the ZMTP handshake completes, it sends
 * a keep-alive probe (which has no effect on any Mercury or original service) and only carries requests
 * after its answer. JeroMQ 0.6.0 sometimes opens a TCP connection whose handshake never completes, so a
 * message written to it is held until the connection closes (jeromq issues 624 and 849; about one fresh
 * connection in fifteen on this project's machines). Unguarded, that message would be a real request that
 * times out, is resent, and whose stale copy then runs after the resent one. A connection that is not
 * proven within its budget (500 ms, doubling on each failure up to 8 s, so a service that is down is not
 * hammered; with CURVE 2 s up to 30 s, since a busy server's handshakes queue) is {@link #overdue} and
 * the loop replaces it. Each budget is spread by ±25 %, so clients that lost their server together do not
 * come back in step. With CURVE, a connection whose ZMTP greeting has come back is in its CURVE
 * handshake, which a server busy with many handshakes answers late: it gets the longest budget from then
 * on rather than being replaced half-way (replacing it would throw away the server's work and queue a new
 * handshake behind the others, a reconnect storm). A connection the server took (TCP connected) but has
 * not greeted is not given more: that is how JeroMQ's never-completing handshake looks too, and waiting
 * longer for it would cost one fresh connection in fifteen that much more.
 *
 * <p>Threading: created, used and closed by the client's loop thread only; both sockets are its own.
 */
final class ClientConnection {
  private static final Logger log = LoggerFactory.getLogger(ServiceClient.class);
  private static final byte[] EMPTY = new byte[0];
  private static final AtomicLong MONITORS = new AtomicLong();
  private static final byte[] PROBE = MsgPack.encode(KeepAlive.REQUEST);
  /** The request id of the probe; a reply with it proves the connection. */
  static final long PROBE_ID = 0;
  private static final byte[] PROBE_ID_FRAME = new byte[Long.BYTES];
  private static final long INITIAL_BUDGET_MS = 500;
  private static final long MAX_BUDGET_MS = 8000;
  // A CURVE handshake costs the server milliseconds of CPU on one I/O thread; when a thousand agents
  // connect at once (a backend restart) most wait longer than 500 ms for theirs, and replacing them
  // throws that work away and queues it again: a measured 16,000-19,600 reconnects for 1,000 agents.
  private static final long CURVE_INITIAL_BUDGET_MS = 2000;
  private static final long CURVE_MAX_BUDGET_MS = 30_000;

  enum State {
    CONNECTING,
    PROBING,
    READY
  }

  private final ClientSettings settings;
  private final ClientReach reach;
  final ZMQ.Socket socket;
  private final ZMQ.Socket monitor;
  final long budgetMs;
  private long deadline;
  /** The deadline of the connection's own budget, before a greeting extended it. */
  private final long budgetDeadline;
  private State state = State.CONNECTING;
  private int socketIndex;
  private int monitorIndex;

  /**
   * Opens a connection to {@code endpoint} with {@code budgetMs} to prove itself.
   *
   * @throws RuntimeException when a socket cannot be opened; nothing is left open then
   */
  ClientConnection(ZContext context, String endpoint, ClientSettings settings, ClientReach reach, long budgetMs) {
    this.settings = settings;
    this.reach = reach;
    this.budgetMs = budgetMs;
    long spread = Math.round(budgetMs * (0.75 + 0.5 * ThreadLocalRandom.current().nextDouble()));
    this.deadline = System.nanoTime() + spread * 1_000_000;
    this.budgetDeadline = deadline;
    socket = context.createSocket(SocketType.DEALER);
    ZMQ.Socket pair = null;
    try {
      socket.setLinger(0);
      socket.setReconnectIVL(100);
      socket.setReconnectIVLMax(2000);
      socket.setMaxMsgSize(Math.max(2L * settings.maxMessageBytes(), 64L * 1024 * 1024));
      String monitorAddress = "inproc://mercury-client-monitor-" + MONITORS.incrementAndGet();
      socket.monitor(
          monitorAddress,
          ZMQ.EVENT_HANDSHAKE_PROTOCOL
              | ZMQ.EVENT_DISCONNECTED
              | ZMQ.EVENT_CONNECTED
              | ZMQ.EVENT_CONNECT_RETRIED
              | zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
              | zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
              | zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);
      if (settings.curve() != null) {
        settings.curve().apply(socket);
      }
      pair = context.createSocket(SocketType.PAIR);
      pair.connect(monitorAddress);
      socket.connect(endpoint);
    } catch (RuntimeException e) {
      // a socket left open would hold the context's termination forever
      if (pair != null) {
        pair.close();
      }
      socket.close();
      throw e;
    }
    monitor = pair;
  }

  /** The budget of a client's first connection, and of one replacing a connection that was reset. */
  static long initialBudgetMs(ClientSettings settings) {
    return settings.curve() != null ? CURVE_INITIAL_BUDGET_MS : INITIAL_BUDGET_MS;
  }

  /** The budget of the connection that replaces this one, which was not proven in time. */
  long nextBudgetMs() {
    return Math.min(2 * budgetMs, settings.curve() != null ? CURVE_MAX_BUDGET_MS : MAX_BUDGET_MS);
  }

  State state() {
    return state;
  }

  boolean ready() {
    return state == State.READY;
  }

  /** Its probe was answered: it carries requests from now on. */
  void proven() {
    state = State.READY;
  }

  void register(ZMQ.Poller poller) {
    socketIndex = poller.register(socket, ZMQ.Poller.POLLIN);
    monitorIndex = poller.register(monitor, ZMQ.Poller.POLLIN);
  }

  void unregister(ZMQ.Poller poller) {
    poller.unregister(socket);
    poller.unregister(monitor);
  }

  boolean readable(ZMQ.Poller poller) {
    return poller.pollin(socketIndex);
  }

  long pollTimeoutMs() {
    if (state == State.READY) {
      return 1000;
    }
    return Math.max(1, Math.min(1000, (deadline - System.nanoTime()) / 1_000_000));
  }

  /** Not proven in time. Only a connection with requests waiting is worth replacing. */
  boolean overdue(boolean requestsWaiting) {
    return state != State.READY && requestsWaiting && System.nanoTime() - deadline >= 0;
  }

  /** Reads the monitor's events: sends the probe once greeted, and tells {@link ClientReach} what it saw. */
  @SuppressWarnings("deprecation") // JeroMQ 0.6 deprecates ZMQ.Event for ZEvent: moving is a change of its own
  void readEvents(ZMQ.Poller poller) {
    if (!poller.pollin(monitorIndex)) {
      return;
    }
    ZMQ.Event event;
    while ((event = ZMQ.Event.recv(monitor, ZMQ.DONTWAIT)) != null) {
      int type = event.getEvent();
      if (type == ZMQ.EVENT_HANDSHAKE_PROTOCOL) {
        socket.send(PROBE_ID_FRAME, ZMQ.SNDMORE | ZMQ.DONTWAIT);
        socket.send(EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT);
        socket.send(PROBE, ZMQ.DONTWAIT);
        state = State.PROBING;
        if (settings.curve() != null) {
          deadline = Math.max(deadline, System.nanoTime() + CURVE_MAX_BUDGET_MS * 1_000_000);
        }
        reach.greeted();
      } else if (type == ZMQ.EVENT_CONNECTED) {
        reach.tcpConnected();
      } else if (type == ZMQ.EVENT_CONNECT_RETRIED) {
        reach.connectRetried();
      } else if (type == ZMQ.EVENT_DISCONNECTED) {
        if (state != State.READY) {
          // the peer closed a connection it had not proven: before the ZMTP greeting, or after it but
          // before answering the probe (a libzmq CURVE server that cannot open a HELLO made for another
          // server key just closes it)
          reach.handshakeFailed();
          // no handshake under way any more: the connection's own budget applies again (a key the
          // server's ZAP refused, JeroMQ does not reconnect; the replacement may be let in)
          deadline = budgetDeadline;
        }
        state = State.CONNECTING;
      } else {
        reach.handshakeFailed();
        deadline = budgetDeadline;
      }
    }
  }

  /** Closes both sockets, also once the context is terminating (when stopping the monitor fails). */
  void close() {
    try {
      socket.monitor(null, 0);
    } catch (ZMQException e) {
      log.debug("{}: stopping the connection monitor: {}", settings.serviceName(), e.getMessage());
    } finally {
      monitor.close();
      socket.close();
    }
  }
}
