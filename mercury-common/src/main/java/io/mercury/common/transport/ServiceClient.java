package io.mercury.common.transport;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.KeepAlive;
import io.mercury.common.protocol.Reply;
import io.mercury.common.protocol.Request;
import io.mercury.common.time.Backoff;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.ZError;

/**
 * A client of one Mercury ROUTER service, safe to use from many threads at once.
 *
 * <p>Threading: one loop thread owns a DEALER socket. Callers hand requests to it through a queue and a
 * wake-up pipe and wait on a future. Each request travels as {@code [request-id][empty][payload]}; a
 * ROUTER treats the id frame as part of the return envelope, so the reply comes back with it and is
 * matched to its caller. The original's servers keep every frame but the last as the envelope, so this
 * works against them too.
 *
 * <p>Timeouts and retries: a call that gets no reply within {@link ClientSettings#timeout()} is resent
 * only when the caller declared it idempotent, up to {@link ClientSettings#retries()} times. When no reply
 * at all has arrived on the socket since the timed-out request was sent, the connection is presumed dead:
 * the loop closes the socket and opens a new one (the "Lazy Pirate" reset), resends the other idempotent
 * requests in flight and fails the non-idempotent ones, since it cannot know whether they were processed.
 *
 * <p>Requests from the server: a client created with an {@link Inbound} also serves requests the server
 * sends over this connection ({@link PeerRequests}: {@code [0x01 + 8-byte id][empty][payload]}, told
 * from replies by their 9-byte first frame). Each runs on a worker of the client's own, never on the
 * loop, and its reply goes back through the loop as {@code [0x02 + id][empty][reply]}. The inbound
 * handler is also told each time a connection is proven, so it can make itself known on it.
 */
public final class ServiceClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServiceClient.class);
  private static final byte[] EMPTY = new byte[0];
  private static final AtomicLong MONITORS = new AtomicLong();
  private static final byte[] PROBE = MsgPack.encode(KeepAlive.REQUEST);
  private static final byte[] PROBE_ID = new byte[Long.BYTES];
  private static final long INITIAL_BUDGET_MS = 500;
  private static final long MAX_BUDGET_MS = 8000;
  // A CURVE handshake costs the server milliseconds of CPU on one I/O thread; when a thousand agents
  // connect at once (a backend restart) most wait longer than 500 ms for theirs, and replacing them
  // throws that work away and queues it again: a measured 16,000-19,600 reconnects for 1,000 agents.
  private static final long CURVE_INITIAL_BUDGET_MS = 2000;
  private static final long CURVE_MAX_BUDGET_MS = 30_000;
  private static final long REFUSED_GRACE_NANOS = 1_000_000_000L;
  private static final long WAIT_SLICE_NANOS = 100_000_000L;
  /** The pause before opening a connection again after opening one failed (out of sockets or descriptors). */
  private static final Duration OPEN_FIRST_PAUSE = Duration.ofMillis(100);
  private static final Duration OPEN_MAX_PAUSE = Duration.ofSeconds(5);

  /**
   * Serves requests a server sends over the client's connection. Both methods run on the client's
   * inbound workers, never on its socket loop.
   */
  public interface Inbound {
    /** The reply to one request from the server. */
    byte[] handle(byte[] payload);

    /** A connection to the server was proven (the first, or one after a reconnect). */
    default void connected() {}
  }

  private static final int INBOUND_WORKERS = 2;
  private static final int INBOUND_QUEUE = 1000;
  private static final byte[] INBOUND_BUSY =
      MsgPack.encode(Map.of("error", true, "message", "Server busy, try again later"));

  private final ZContext context;
  private final ZContext owned;
  private final Inbound inbound;
  private final ThreadPoolExecutor inboundWorkers;
  private final Queue<byte[][]> inboundReplies = new ConcurrentLinkedQueue<>();
  private final String endpoint;
  private final ClientSettings settings;
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final Queue<Pending> toSend = new ConcurrentLinkedQueue<>();
  private final AtomicLong ids = new AtomicLong();
  private final WakeupPipe wakeup = new WakeupPipe();
  private final Thread loop;
  private volatile boolean running = true;
  private volatile boolean resetRequested;
  private volatile long lastReplyNanos = Long.MIN_VALUE;
  private final AtomicLong reconnects = new AtomicLong();
  private volatile Reach reach = Reach.NO_CONNECTION;
  private volatile long refusedSinceNanos;
  /** A handshake failed (CURVE or ZAP) since the last answered probe; owned by the loop thread. */
  private boolean handshakeRefused;

  public ServiceClient(ZContext context, String endpoint, ClientSettings settings) {
    this(context, null, endpoint, settings, null);
  }

  /** A client that also serves the server's requests over its connection with {@code inbound}. */
  public ServiceClient(ZContext context, String endpoint, ClientSettings settings, Inbound inbound) {
    this(context, null, endpoint, settings, Objects.requireNonNull(inbound, "inbound is null"));
  }

  private ServiceClient(ZContext context, ZContext owned, String endpoint, ClientSettings settings, Inbound inbound) {
    // The loop's sockets are its own: a shadow context shares the ZeroMQ context but not the list of
    // sockets, so whoever closes the shared one (a daemon, a test) does not close them from its thread
    // while the loop uses them; the shared context's termination ends the loop, which closes them itself.
    this.context = context.shadow();
    this.owned = owned;
    this.endpoint = endpoint;
    this.settings = settings;
    this.inbound = inbound;
    this.inboundWorkers = inbound == null ? null : inboundWorkers(settings.serviceName());
    this.loop = Thread.ofPlatform().name(settings.serviceName() + "-client").daemon().unstarted(this::run);
    loop.start();
  }

  /**
   * A client with a ZeroMQ context of its own, closed with the client: for code outside the transport
   * package that has no context to share (the log forwarder).
   */
  public static ServiceClient standalone(String endpoint, ClientSettings settings) {
    ZContext own = new ZContext(1);
    return new ServiceClient(own, own, endpoint, settings, null);
  }

  private static ThreadPoolExecutor inboundWorkers(String serviceName) {
    return new ThreadPoolExecutor(
        INBOUND_WORKERS,
        INBOUND_WORKERS,
        0,
        TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(INBOUND_QUEUE),
        Thread.ofPlatform().name(serviceName + "-inbound-", 1).daemon().factory());
  }

  public String endpoint() {
    return endpoint;
  }

  /** How many times the connection was closed and replaced (reset, or not proven in time). */
  public long reconnects() {
    return reconnects.get();
  }

  /**
   * Sends a request and returns the service's reply, {@link Reply.Ok} or {@link Reply.Failure}.
   *
   * @param idempotent whether the request may be resent after a timeout
   * @throws TransportException when no reply arrives after all attempts
   */
  public Reply call(Request request, boolean idempotent) throws TransportException {
    return Reply.fromWire(exchange(request.toWire(), idempotent));
  }

  /** Like {@link #call} but returns the result of a successful call and throws on a failure reply. */
  public Object invoke(Request request, boolean idempotent)
      throws TransportException, RemoteException {
    return switch (call(request, idempotent)) {
      case Reply.Ok ok -> ok.message();
      case Reply.Failure f -> throw new RemoteException(f.message(), f.traceback());
    };
  }

  /**
   * Sends any wire message (e.g. a keep-alive or an agent RPC message) and returns the decoded reply.
   */
  public Object exchange(Object message, boolean idempotent) throws TransportException {
    byte[] payload = MsgPack.encode(message);
    if (payload.length > settings.maxMessageBytes()) {
      throw new IllegalArgumentException(
          "request of "
              + payload.length
              + " bytes exceeds the limit of "
              + settings.maxMessageBytes()
              + " bytes");
    }
    int attempts = idempotent ? settings.retries() + 1 : 1;
    boolean everSent = false;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      if (!running) {
        throw new TransportException("client for " + settings.serviceName() + " is closed");
      }
      Pending p = new Pending(ids.incrementAndGet(), payload, idempotent);
      pending.put(p.id, p);
      toSend.add(p);
      wakeup.wake();
      try {
        byte[] reply = awaitReply(p);
        if (reply != null) {
          return MsgPack.decode(reply);
        }
        pending.remove(p.id);
        everSent |= p.sentNanos != 0;
        // A request written and not answered (nor anything after it) suggests a dead connection: replace
        // it. One never written was waiting for the connection to be proven, which the loop replaces on
        // its own budget; resetting here would throw away a CURVE handshake under way (at 1,000 agents
        // connecting at once, a 30 s call timeout ended the handshakes the server had nearly reached).
        if (p.sentNanos != 0 && lastReplyNanos < p.sentNanos) {
          resetRequested = true;
          wakeup.wake();
        }
        log.debug(
            "no reply from {} at {} within {} (attempt {}/{})",
            settings.serviceName(),
            endpoint,
            settings.timeout(),
            attempt,
            attempts);
      } catch (ExecutionException e) {
        throw new TransportException(e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        pending.remove(p.id);
        Thread.currentThread().interrupt();
        throw new TransportException("interrupted while waiting for " + settings.serviceName(), e);
      } catch (MalformedMessageException e) {
        throw new TransportException(
            "unreadable reply from " + settings.serviceName() + ": " + e.getMessage(), e);
      }
    }
    String tries =
        (attempts > 1 ? " (" + attempts + " attempts)" : "")
            + (settings.curve() != null
                ? " [CURVE: check that this client's key is accepted by the server and that the server key is right]"
                : "");
    Duration waited = settings.timeout().multipliedBy(attempts);
    if (!everSent) {
      throw new TransportException(
          "cannot connect to " + settings.serviceName() + " at " + endpoint + " within " + seconds(waited) + tries
              + "; the request was not sent",
          reach,
          waited,
          false);
    }
    throw new TransportException(
        "no reply from "
            + settings.serviceName()
            + " at "
            + endpoint
            + " within "
            + seconds(waited)
            + tries
            + (idempotent ? "" : "; the request was not resent because it is not idempotent"),
        Reach.CONNECTED,
        waited,
        true);
  }

  /**
   * The reply, or null when the timeout passed. With {@link ClientSettings#failFastWhenRefused()}, a
   * request not yet sent while every connection attempt has been refused for a second fails at once.
   */
  private byte[] awaitReply(Pending p) throws ExecutionException, InterruptedException, TransportException {
    long started = System.nanoTime();
    long deadline = started + settings.timeout().toNanos();
    if (!settings.failFastWhenRefused()) {
      // one timed wait: slices would wake (and throw a TimeoutException) ten times a second per call,
      // which a thousand agents' registrations in one process turned into thousands per second
      try {
        return p.future.get(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return null;
      }
    }
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      try {
        return p.future.get(Math.min(left, WAIT_SLICE_NANOS), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (settings.failFastWhenRefused()
            && p.sentNanos == 0
            && reach == Reach.REFUSED
            && System.nanoTime() - refusedSinceNanos >= REFUSED_GRACE_NANOS
            && pending.remove(p.id, p)) {
          throw new TransportException(
              "nothing listens at " + endpoint + " (connection refused); the request was not sent",
              Reach.REFUSED,
              Duration.ofNanos(System.nanoTime() - started),
              false);
        }
      }
    }
  }

  private static String seconds(Duration waited) {
    long ms = waited.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }

  private void run() {
    Connection connection = null;
    try (ZMQ.Poller poller = context.createPoller(3)) {
      connection = open(initialBudgetMs());
      if (connection == null) {
        return;
      }
      int wakeIndex = poller.register(wakeup.channel(), ZMQ.Poller.POLLIN);
      connection.register(poller);
      while (running) {
        if (poller.poll(connection.pollTimeoutMs()) < 0) {
          log.debug("{} client: the ZeroMQ context is closing; the loop ends", settings.serviceName());
          break;
        }
        if (poller.pollin(wakeIndex)) {
          wakeup.drain();
        }
        // events first: a greeting that came back before the deadline but is still in the monitor queue
        // (the loop thread was late) means a handshake under way, not a stalled connection
        connection.readEvents(poller);
        boolean stalled = connection.overdue();
        if (resetRequested || stalled) {
          if (stalled) {
            log.debug(
                "{}: connection to {} not proven within {} ms ({}); reconnecting",
                settings.serviceName(),
                endpoint,
                connection.budgetMs,
                connection.state);
          }
          long budget = stalled ? Math.min(2 * connection.budgetMs, maxBudgetMs()) : initialBudgetMs();
          resetRequested = false;
          reconnects.incrementAndGet();
          connection.unregister(poller);
          Connection old = connection;
          connection = null; // closed once, even when the next one cannot be opened
          old.close();
          connection = open(budget);
          if (connection == null) {
            break;
          }
          connection.register(poller);
          requeueAfterReset();
        }
        if (poller.pollin(connection.socketIndex)) {
          readReplies(connection);
        }
        if (connection.state == State.READY) {
          sendQueued(connection.socket);
          sendInboundReplies(connection.socket);
        }
      }
    } catch (ZMQException e) {
      if (e.getErrorCode() != ZMQ.Error.ETERM.getCode()) {
        log.error("{} client loop failed", settings.serviceName(), e);
      }
    } catch (ZError.IOException | ZError.CtxTerminatedException e) {
      // JeroMQ's poll on a socket whose context was closed under it, or a reconnect while it closes
      log.debug("{} client loop ended: {}", settings.serviceName(), e.getMessage());
    } finally {
      running = false;
      if (connection != null) {
        connection.close();
      }
      wakeup.close();
      TransportException closed =
          new TransportException("client for " + settings.serviceName() + " was closed");
      pending.values().forEach(p -> p.future.completeExceptionally(closed));
    }
  }

  /**
   * A new connection, or null once the client is closed. Opening one fails when the process or the
   * context is out of sockets or file descriptors (a reconnect storm leaves replaced sockets waiting for
   * JeroMQ's reaper); that is retried with a jittered {@link Backoff} (100 ms doubling up to 5 s) rather
   * than ending the client for good, since an agent whose client ended would never reach its backend
   * again. A terminating context ends the loop.
   */
  private Connection open(long budgetMs) {
    Backoff backoff = new Backoff(OPEN_FIRST_PAUSE, OPEN_MAX_PAUSE);
    while (running) {
      String failure;
      try {
        return new Connection(budgetMs);
      } catch (ZMQException e) {
        if (e.getErrorCode() == ZMQ.Error.ETERM.getCode()) {
          throw e;
        }
        failure = e.getMessage();
      } catch (ZError.IOException | IllegalStateException e) {
        if (context.isClosed()) {
          throw e;
        }
        failure = e.getMessage();
      }
      long pauseMs = backoff.next().toMillis();
      log.warn("{}: cannot open a connection to {} ({}); trying again in {} ms", settings.serviceName(), endpoint, failure, pauseMs);
      // in steps, so close() (which waits 2 s for the loop) is seen at once
      for (long slept = 0; slept < pauseMs && running; slept += 50) {
        try {
          Thread.sleep(Math.min(50, pauseMs - slept));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }
    return null;
  }

  private long initialBudgetMs() {
    return settings.curve() != null ? CURVE_INITIAL_BUDGET_MS : INITIAL_BUDGET_MS;
  }

  private long maxBudgetMs() {
    return settings.curve() != null ? CURVE_MAX_BUDGET_MS : MAX_BUDGET_MS;
  }

  private enum State {
    CONNECTING,
    PROBING,
    READY
  }

  /**
   * The DEALER socket and a monitor of its connection, both owned by the loop thread.
   *
   * <p>A new connection is proven before it carries requests: once the ZMTP handshake completes, the
   * loop sends a keep-alive probe (which has no effect on any Mercury or original service) and only
   * sends requests after its answer. JeroMQ 0.6.0 sometimes opens a TCP connection whose handshake never
   * completes, so a message written to it is held until the connection closes (jeromq issues 624 and
   * 849; about one fresh connection in fifteen on this project's machines). Unguarded, that message
   * would be a real request that times out, is resent, and whose stale copy then runs after the resent
   * one. A connection that is not proven within its budget (500 ms, doubling on each failure up to 8 s,
   * so a service that is down is not hammered; with CURVE 2 s up to 30 s, since a busy server's
   * handshakes queue) is closed and replaced. Each budget is spread by ±25 %, so clients that lost
   * their server together do not come back in step. With CURVE, a connection whose ZMTP greeting has
   * come back is in its CURVE handshake, which a server busy with many handshakes answers late: it gets
   * the longest budget from then on rather than being replaced half-way (replacing it would throw away
   * the server's work and queue a new handshake behind the others, a reconnect storm). A connection
   * the server took (TCP connected) but has not greeted is not given more: that is how JeroMQ's
   * never-completing handshake looks too, and waiting longer for it would cost one fresh connection in
   * fifteen that much more.
   */
  private final class Connection {
    final ZMQ.Socket socket;
    final ZMQ.Socket monitor;
    final long budgetMs;
    long deadline;
    /** The deadline of the connection's own budget, before a greeting extended it. */
    final long budgetDeadline;
    State state = State.CONNECTING;
    int socketIndex;
    int monitorIndex;

    Connection(long budgetMs) {
      this.budgetMs = budgetMs;
      long spread = Math.round(budgetMs * (0.75 + 0.5 * java.util.concurrent.ThreadLocalRandom.current().nextDouble()));
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

    void register(ZMQ.Poller poller) {
      socketIndex = poller.register(socket, ZMQ.Poller.POLLIN);
      monitorIndex = poller.register(monitor, ZMQ.Poller.POLLIN);
    }

    void unregister(ZMQ.Poller poller) {
      poller.unregister(socket);
      poller.unregister(monitor);
    }

    long pollTimeoutMs() {
      if (state == State.READY) {
        return 1000;
      }
      return Math.max(1, Math.min(1000, (deadline - System.nanoTime()) / 1_000_000));
    }

    /** Not proven in time. Only a connection with requests waiting is worth replacing. */
    boolean overdue() {
      return state != State.READY && !pending.isEmpty() && System.nanoTime() - deadline >= 0;
    }

    void readEvents(ZMQ.Poller poller) {
      if (!poller.pollin(monitorIndex)) {
        return;
      }
      ZMQ.Event event;
      while ((event = ZMQ.Event.recv(monitor, ZMQ.DONTWAIT)) != null) {
        int type = event.getEvent();
        if (type == ZMQ.EVENT_HANDSHAKE_PROTOCOL) {
          socket.send(PROBE_ID, ZMQ.SNDMORE | ZMQ.DONTWAIT);
          socket.send(EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT);
          socket.send(PROBE, ZMQ.DONTWAIT);
          state = State.PROBING;
          if (settings.curve() != null) {
            deadline = Math.max(deadline, System.nanoTime() + CURVE_MAX_BUDGET_MS * 1_000_000);
          }
          // JeroMQ reports the ZMTP greeting here, before CURVE and ZAP have had their say: after a
          // refusal (a libzmq server's ZAP denial, on every reconnect) only an answered probe proves it
          if (!handshakeRefused) {
            reach = Reach.CONNECTED;
          }
        } else if (type == ZMQ.EVENT_CONNECTED) {
          if (reach != Reach.CONNECTED) {
            reach = Reach.HANDSHAKE_FAILED; // a TCP connection; so far no handshake
          }
        } else if (type == ZMQ.EVENT_CONNECT_RETRIED) {
          // also fires when a peer that took the connection closed it (a CURVE server refusing a plaintext
          // client): that is a failed handshake, not a refusal
          if (reach != Reach.REFUSED && reach != Reach.HANDSHAKE_FAILED) {
            refusedSinceNanos = System.nanoTime();
            reach = Reach.REFUSED;
          }
        } else if (type == ZMQ.EVENT_DISCONNECTED) {
          if (state != State.READY) {
            // the peer closed a connection it had not proven: before the ZMTP greeting, or after it but
            // before answering the probe (a libzmq CURVE server that cannot open a HELLO made for another
            // server key just closes it)
            reach = Reach.HANDSHAKE_FAILED;
            handshakeRefused = true;
            // no handshake under way any more: the connection's own budget applies again (a key the
            // server's ZAP refused, JeroMQ does not reconnect; the replacement may be let in)
            deadline = budgetDeadline;
          }
          state = State.CONNECTING;
        } else {
          reach = Reach.HANDSHAKE_FAILED;
          handshakeRefused = true;
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

  /**
   * After a reset: requests written to the old connection are written again if idempotent and failed if
   * not. Requests never written are still in the send queue and must not be queued twice.
   */
  private void requeueAfterReset() {
    for (Pending p : List.copyOf(pending.values())) {
      if (p.sentNanos == 0) {
        continue;
      }
      if (p.idempotent) {
        p.sentNanos = 0;
        toSend.add(p);
      } else if (pending.remove(p.id, p)) {
        p.future.completeExceptionally(
            new TransportException(
                "connection to "
                    + settings.serviceName()
                    + " at "
                    + endpoint
                    + " was reset while waiting; the request may have been processed"));
      }
    }
  }

  private void readReplies(Connection connection) {
    ZMQ.Socket socket = connection.socket;
    List<byte[]> frames;
    while ((frames = Frames.receive(socket)) != null) {
      lastReplyNanos = System.nanoTime();
      byte[] first = frames.get(0);
      if (frames.size() == 3 && first.length == PeerRequests.CORRELATION_BYTES && frames.get(1).length == 0) {
        fromServer(first, frames.get(2));
        continue;
      }
      if (frames.size() != 3 || first.length != Long.BYTES) {
        log.warn("{}: ignoring a reply with unexpected framing", settings.serviceName());
        continue;
      }
      long id = ByteBuffer.wrap(first).getLong();
      if (id == 0) {
        handshakeRefused = false;
        reach = Reach.CONNECTED;
        if (connection.state != State.READY && inbound != null) {
          runInbound(inbound::connected);
        }
        connection.state = State.READY;
        continue;
      }
      Pending p = pending.remove(id);
      if (p != null) {
        p.future.complete(frames.get(2));
      }
    }
  }

  /** A request from the server (handed to a worker), or the server's answer to a reply it did not expect. */
  private void fromServer(byte[] correlation, byte[] payload) {
    if (correlation[0] != PeerRequests.REQUEST || inbound == null) {
      log.debug("{}: ignoring a message from the server that answers no request", settings.serviceName());
      return;
    }
    byte[] replyId = correlation.clone();
    replyId[0] = PeerRequests.REPLY;
    boolean taken =
        runInbound(
            () -> {
              byte[] reply;
              try {
                reply = inbound.handle(payload);
              } catch (RuntimeException e) {
                log.error("{}: a request from the server failed", settings.serviceName(), e);
                reply = MsgPack.encode(Map.of("error", true, "message", "Encountered agent error, sorry"));
              }
              inboundReplies.add(new byte[][] {replyId, reply});
              wakeup.wake();
            });
    if (!taken) {
      inboundReplies.add(new byte[][] {replyId, INBOUND_BUSY});
    }
  }

  private boolean runInbound(Runnable work) {
    try {
      inboundWorkers.execute(work);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /**
   * Replies to the server's requests, on whichever connection is current: the server matches them by
   * id and key, not by connection, so one answered across a reconnect still counts.
   */
  private void sendInboundReplies(ZMQ.Socket socket) {
    byte[][] reply;
    while ((reply = inboundReplies.poll()) != null) {
      boolean sent =
          socket.send(reply[0], ZMQ.SNDMORE | ZMQ.DONTWAIT)
              && socket.send(EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT)
              && socket.send(reply[1], ZMQ.DONTWAIT);
      if (!sent) {
        log.warn("{}: a reply to the server was dropped: send buffer full", settings.serviceName());
      }
    }
  }

  private void sendQueued(ZMQ.Socket socket) {
    Pending p;
    while ((p = toSend.poll()) != null) {
      if (pending.get(p.id) != p || p.sentNanos != 0) {
        continue; // abandoned by its caller, or already written to this connection
      }
      byte[] id = ByteBuffer.allocate(Long.BYTES).putLong(p.id).array();
      boolean sent =
          socket.send(id, ZMQ.SNDMORE | ZMQ.DONTWAIT)
              && socket.send(EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT)
              && socket.send(p.payload, ZMQ.DONTWAIT);
      if (!sent) {
        pending.remove(p.id);
        p.future.completeExceptionally(
            new TransportException(
                "cannot queue a request to " + settings.serviceName() + ": send buffer full"));
        continue;
      }
      p.sentNanos = System.nanoTime();
    }
  }

  @Override
  public void close() {
    running = false;
    if (inboundWorkers != null) {
      inboundWorkers.shutdownNow();
    }
    wakeup.wake();
    try {
      loop.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (owned != null) {
      owned.close();
    }
  }

  private static final class Pending {
    final long id;
    final byte[] payload;
    final boolean idempotent;
    final CompletableFuture<byte[]> future = new CompletableFuture<>();
    volatile long sentNanos;

    Pending(long id, byte[] payload, boolean idempotent) {
      this.id = id;
      this.payload = payload;
      this.idempotent = idempotent;
    }
  }
}
