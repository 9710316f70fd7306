package io.mercury.rpc.link;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.transport.Reach;
import io.mercury.common.transport.TransportException;
import io.mercury.common.transport.WakeupPipe;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.ZError;

/**
 * Request/reply exchanges with many agents (their RPC ROUTER or pong REP) over connections kept open
 * between requests, cheap at ten thousand agents: no thread per agent, and a fan-out to agents already
 * reached costs no new TCP connection (and with CURVE, no new handshake).
 *
 * <p>Connections: each is a DEALER to one agent endpoint ({@link AgentConnection}), opened with the
 * CURVE server key the request needs, and carries one request at a time. A request takes an idle
 * connection to its endpoint (address and server key) or opens a new one; after a well-formed reply
 * the connection goes back to the idle set and serves the next request to that endpoint. The agent's
 * replies carry no request id, so correlation is by the connection: a connection whose request timed
 * out, or whose reply was malformed, is closed, never reused, so a late reply can only ever reach a
 * closed socket; and an idle connection found holding a message it was not asked for is closed
 * instead of used. The REP pong socket's strict request/reply alternation holds for the same reason.
 * Idle connections are closed after {@link LinkSettings#idleTimeout()} (longer than the ping interval,
 * so pings reuse them) and, oldest first, when a new connection is needed and {@link
 * LinkSettings#maxConnections()} are open. A device whose key changed gets a new connection (the old
 * one idles out); an agent that restarts on the same address is reconnected by ZeroMQ, and a request
 * written meanwhile waits in the socket's queue until the connection is back or its timeout.
 *
 * <p>A fresh connection writes nothing until its handshake has completed (watched through a socket
 * monitor); one whose handshake stalls (JeroMQ 0.6.0 does that now and then) is replaced by a fresh
 * socket, so the request is never delivered twice. Each request sends {@code [empty][msgpack
 * payload]}, which a REP peer reads as a REQ request and a ROUTER peer receives as {@code
 * [identity][empty][payload]}, the framing the original's servers require. The first reply completes
 * the request's future with the decoded message. When no reply arrives within the request's timeout
 * the future fails with a {@link TransportException} "no reply from ADDRESS within TIMEOUT", with " (no
 * connection; the request was not sent)" appended when no connection was ever ready. A reply that is
 * not {@code [empty][payload]} or whose payload is not msgpack fails the future with a
 * TransportException saying so.
 *
 * <p>At most {@code maxInFlight} requests are in flight at once; further requests wait, first in
 * first out. The timeout runs from when a request leaves that queue (connecting included), so time
 * spent waiting for a slot is not counted (see {@link Stats#queued()}). When no socket can be opened
 * (the process is out of file descriptors, or the context out of socket slots, typically while closed
 * sockets wait for the reaper on a loaded machine) the oldest idle connection is closed to make room
 * and the request waits for a socket, ahead of newer requests, until its timeout, and only then fails
 * with the reason: a local shortage is not the agent's fault, and it never stops the link.
 *
 * <p>Threading: one loop thread owns every socket and polls the in-flight ones in one poll (idle
 * connections are not polled). Any thread may call {@link #request}; requests reach the loop through
 * a queue and a wake-up pipe. Futures are completed on a separate callback thread, so a caller's
 * dependent actions never run on (or stall) the socket loop.
 *
 * <p>CURVE: a link created with a client key connects to each agent as a CURVE client, with the public
 * key the target device registered with ({@link AgentKeys}) as the server key, so only that device's
 * agent can answer; a request for a device whose key is unknown fails at once and nothing is sent.
 */
public final class AgentLink implements AgentRequests, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentLink.class);
  private static final long IDLE_POLL_MS = 1000;
  // The loop does not rely on the poll's per-socket result: after every poll it asks each in-flight
  // socket for its events (which also catches a reply that arrived after the poll returned), and while
  // requests are in flight it wakes at least this often, so a readiness the poll did not report costs
  // at most this much delay.
  private static final long RECHECK_MS = 50;
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final AtomicLong MONITORS = new AtomicLong();

  /**
   * Counters since the link was created, and the current load.
   *
   * @param requests requests accepted by {@link #request}
   * @param replies well-formed replies received
   * @param timeouts requests that got no reply in time
   * @param failures malformed replies and requests that could not be sent
   * @param refusals requests failed at once because their connection was refused (see {@link #isRefused})
   * @param reconnects connections replaced because they were not proven within their budget
   * @param inFlight requests sent (or connecting) and waiting for their reply
   * @param queued requests waiting for an in-flight slot
   * @param openSockets sockets currently open (a DEALER per connection, two more while it connects)
   * @param connectionsOpened connections opened for a request (replacements not counted)
   * @param connectionsReused requests sent on a connection an earlier request had opened
   * @param openConnections connections open now, idle or in use
   * @param idleConnections connections open now and not in use
   */
  public record Stats(
      long requests,
      long replies,
      long timeouts,
      long failures,
      long refusals,
      long reconnects,
      int inFlight,
      int queued,
      int openSockets,
      long connectionsOpened,
      long connectionsReused,
      int openConnections,
      int idleConnections) {}

  private final ZContext context;
  private final CurveKeyPair clientKey;
  private final AgentKeys agentKeys;
  private final String name;
  private final LinkSettings settings;
  private final Queue<Call> submitted = new ConcurrentLinkedQueue<>();
  /** Requests that could not get a socket, retried before newer ones; owned by the loop thread. */
  private final Deque<Call> shortOfSockets = new ArrayDeque<>();
  private boolean shortageReported;
  private final IdleConnections idle = new IdleConnections();
  private final WakeupPipe wakeup = new WakeupPipe();
  private final ExecutorService callbacks;
  private final Thread loop;
  private final LinkGauges gauges = new LinkGauges();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong replies = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong refusals = new AtomicLong();
  private final AtomicLong opened = new AtomicLong();
  private final AtomicLong reused = new AtomicLong();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger inFlightCount = new AtomicInteger();
  private final AtomicInteger idleCount = new AtomicInteger();
  private volatile boolean running = true;

  /** A plaintext link with the {@link LinkSettings#of(int) default} limits. */
  public AgentLink(int maxInFlight) {
    this(LinkSettings.of(maxInFlight), null, null);
  }

  /**
   * A link that talks CURVE to every agent when {@code clientKey} is not null, with the {@link
   * LinkSettings#of(int) default} limits.
   *
   * @param clientKey the backend's key pair, or null for plaintext
   * @param agentKeys the devices' public keys by mercury_id (required with a client key)
   */
  public AgentLink(int maxInFlight, CurveKeyPair clientKey, AgentKeys agentKeys) {
    this(LinkSettings.of(maxInFlight), clientKey, agentKeys);
  }

  /** A plaintext link with at most {@code maxSockets} ZeroMQ sockets open at once. */
  public AgentLink(int maxInFlight, int maxSockets) {
    this(LinkSettings.of(maxInFlight).withMaxSockets(maxSockets), null, null);
  }

  /** Starts the loop thread with a ZeroMQ context of its own, sized by {@code settings}. */
  public AgentLink(LinkSettings settings, CurveKeyPair clientKey, AgentKeys agentKeys) {
    if (clientKey != null && agentKeys == null) {
      throw new IllegalArgumentException("a CURVE link needs the agents' keys");
    }
    this.settings = settings;
    this.clientKey = clientKey;
    this.agentKeys = agentKeys;
    this.context = new ZContext(1);
    context.getContext().setMaxSockets(settings.maxSockets());
    this.name = "agent-link-" + INSTANCES.incrementAndGet();
    this.callbacks =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name(name + "-callbacks").daemon().factory());
    this.loop = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
    loop.start();
  }

  /**
   * Queues one request to {@code address} and returns its reply, decoded.
   *
   * @param address a ZeroMQ TCP endpoint such as {@code tcp://10.0.0.5:9003} or {@code tcp://[::1]:9004}
   * @param message a msgpack-encodable value tree (see {@link MsgPack})
   * @param timeout how long to wait for the connection and the reply, from when the request gets an
   *     in-flight slot
   * @return a future completed with the reply, or exceptionally with a {@link TransportException} on
   *     timeout, malformed reply, or when the link is closed first
   * @throws IllegalArgumentException if the address is not a TCP endpoint, the message cannot be
   *     encoded, or the timeout is not positive
   */
  public CompletableFuture<Object> request(String address, Object message, Duration timeout) {
    return request(null, address, message, timeout);
  }

  /**
   * Sends {@code message} to device {@code mercuryId}'s agent at {@code address}; with CURVE the
   * connection expects the key that device registered with.
   */
  @Override
  public CompletableFuture<Object> request(String mercuryId, String address, Object message, Duration timeout) {
    checkAddress(address);
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    byte[] payload = MsgPack.encode(message);
    CurveClient curve = null;
    if (clientKey != null) {
      String agentKey = agentKeys.get(mercuryId);
      if (agentKey == null) {
        return CompletableFuture.failedFuture(
            new TransportException(
                "no CURVE public key is known for device " + mercuryId + " (it registered without one);"
                    + " with CURVE on it is not contacted"));
      }
      curve = new CurveClient(clientKey, agentKey);
    }
    Call call = new Call(new AgentConnection.Endpoint(address, curve == null ? null : curve.serverPublicKey()), curve, payload, timeout);
    if (!running) {
      call.future.completeExceptionally(new TransportException("link closed"));
      return call.future;
    }
    requests.incrementAndGet();
    queued.incrementAndGet();
    submitted.add(call);
    wakeup.wake();
    if (!running && submitted.remove(call)) {
      queued.decrementAndGet();
      fail(call, new TransportException("link closed"));
    }
    return call.future;
  }

  public Stats stats() {
    return new Stats(
        requests.get(),
        replies.get(),
        timeouts.get(),
        failures.get(),
        refusals.get(),
        reconnects.get(),
        inFlightCount.get(),
        queued.get(),
        gauges.sockets.get(),
        opened.get(),
        reused.get(),
        gauges.connections.get(),
        idleCount.get());
  }

  /** Fails every queued and in-flight request with "link closed", closes the sockets, stops the loop. */
  @Override
  public void close() {
    running = false;
    wakeup.wake();
    try {
      loop.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    callbacks.shutdown();
    try {
      callbacks.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    context.close();
  }

  private static void checkAddress(String address) {
    if (address == null || !address.startsWith("tcp://")) {
      throw new IllegalArgumentException("not a tcp:// address: " + address);
    }
    int colon = address.lastIndexOf(':');
    String host = address.substring("tcp://".length(), Math.max(colon, "tcp://".length()));
    String port = address.substring(colon + 1);
    boolean bracketsOk = !host.contains(":") || (host.startsWith("[") && host.endsWith("]"));
    if (host.isEmpty() || !bracketsOk || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
      throw new IllegalArgumentException(
          "not a tcp://HOST:PORT address (IPv6 hosts in brackets): " + address);
    }
  }

  private void run() {
    List<Call> inFlight = new ArrayList<>();
    Selector selector = context.createSelector();
    ZMQ.PollItem wakeItem = new ZMQ.PollItem(wakeup.channel(), ZMQ.Poller.POLLIN);
    long idleNanos = settings.idleTimeout().toNanos();
    try {
      while (running) {
        long now = System.nanoTime();
        closeIdle(now - idleNanos);
        startQueued(inFlight, now);
        ZMQ.PollItem[] items = new ZMQ.PollItem[inFlight.size() + 1];
        items[0] = wakeItem;
        long waitMs = inFlight.isEmpty() ? IDLE_POLL_MS : RECHECK_MS;
        for (int i = 0; i < inFlight.size(); i++) {
          Call call = inFlight.get(i);
          items[i + 1] = call.connection.pollItem();
          long due = call.sent ? call.deadline : Math.min(call.deadline, call.connection.connectDeadline());
          waitMs = Math.min(waitMs, Math.max(0, (due - now + 999_999) / 1_000_000));
        }
        ZMQ.poll(selector, items, waitMs);
        if (items[0].isReadable()) {
          wakeup.drain();
        }
        finishReadyOrExpired(inFlight, System.nanoTime());
      }
    } catch (ZMQException e) {
      if (e.getErrorCode() != ZMQ.Error.ETERM.getCode()) {
        log.error("agent link loop failed", e);
      }
    } catch (RuntimeException e) {
      log.error("agent link loop failed", e);
    } finally {
      running = false;
      TransportException closed = new TransportException("link closed");
      for (Call call : inFlight) {
        closeConnection(call);
        fail(call, closed);
      }
      Call call;
      while ((call = shortOfSockets.poll()) != null || (call = submitted.poll()) != null) {
        queued.decrementAndGet();
        fail(call, closed);
      }
      inFlightCount.set(0);
      idle.closeAll();
      idleCount.set(0);
      context.closeSelector(selector);
      wakeup.close();
    }
  }

  private void closeIdle(long idleSinceCutoff) {
    if (idle.closeIdleSince(idleSinceCutoff) > 0) {
      idleCount.set(idle.size());
    }
  }

  private void startQueued(List<Call> inFlight, long now) {
    while (inFlight.size() < settings.maxInFlight()) {
      Call call = shortOfSockets.poll();
      if (call == null) {
        call = submitted.poll();
        if (call == null) {
          return;
        }
        call.deadline = now + call.timeout.toNanos();
      }
      queued.decrementAndGet();
      if (takeIdleConnection(call)) {
        if (sendOrFail(call)) {
          inFlight.add(call);
          inFlightCount.incrementAndGet();
        }
        continue;
      }
      try {
        openConnection(call, now);
        opened.incrementAndGet();
        inFlight.add(call);
        inFlightCount.incrementAndGet();
        shortageReported = false;
      } catch (RuntimeException e) { // ZMQException, or zmq.ZError.IOException when out of file descriptors
        call.connection = null;
        if (waitsForSocket(call, e, now)) {
          shortOfSockets.addFirst(call);
          return; // the next turn of the loop tries again, once closed sockets are reaped
        }
        failures.incrementAndGet();
        fail(call, new TransportException("cannot connect to " + call.address() + ": " + reason(e), e));
      }
    }
  }

  /**
   * Gives the call an idle connection to its endpoint, if there is one. An idle connection holding a
   * message nobody asked for (a reply to a request that had already got one) is closed, not used.
   */
  private boolean takeIdleConnection(Call call) {
    AgentConnection connection;
    while ((connection = idle.take(call.endpoint)) != null) {
      idleCount.set(idle.size());
      if (!connection.readable()) {
        call.connection = connection;
        reused.incrementAndGet();
        return true;
      }
      log.warn("closing the connection to {}: it holds a message no request asked for", call.address());
      connection.close();
    }
    return false;
  }

  private void openConnection(Call call, long now) {
    if (gauges.connections.get() >= settings.maxConnections() && idle.closeOldest()) {
      idleCount.set(idle.size());
    }
    AgentConnection connection =
        new AgentConnection(
            call.endpoint, call.curve, context, () -> "inproc://" + name + "-monitor-" + MONITORS.incrementAndGet(), gauges);
    call.connection = connection;
    connection.open(now);
  }

  /** Whether a request that could not get a socket should wait for one (true: it is counted as queued). */
  private boolean waitsForSocket(Call call, RuntimeException e, long now) {
    if (!isLocalShortage(e) || now - call.deadline >= 0) {
      return false;
    }
    if (idle.closeOldest()) { // its sockets go back to the context once reaped
      idleCount.set(idle.size());
    }
    if (!shortageReported) {
      shortageReported = true;
      log.warn("no socket can be opened ({}); requests wait for one until their timeout", reason(e));
    }
    queued.incrementAndGet();
    return true;
  }

  /**
   * Whether a request failed because this process could not open a socket for it (out of file
   * descriptors or socket slots): it never reached the peer, so it says nothing about the peer.
   */
  public static boolean isLocalShortage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ZError.IOException || (t instanceof ZMQException z && z.getErrorCode() == ZError.EMFILE)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a request failed because the TCP connection to the agent was refused (or its host was
   * unreachable) before anything was sent: no agent listens at its address now. Such a request ends at
   * once, without waiting for its timeout, so a dead fleet does not hold the in-flight slots; a caller
   * that retries decides how long to wait first.
   */
  public static boolean isRefused(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TransportException e && e.reach() == Reach.REFUSED) {
        return true;
      }
    }
    return false;
  }

  private static String reason(RuntimeException e) {
    if (e instanceof ZMQException z) {
      return ZMQ.Error.findByCode(z.getErrorCode()).getMessage();
    }
    return e.getCause() != null ? String.valueOf(e.getCause().getMessage()) : String.valueOf(e.getMessage());
  }

  private void finishReadyOrExpired(List<Call> inFlight, long now) {
    Iterator<Call> it = inFlight.iterator();
    while (it.hasNext()) {
      Call call = it.next();
      AgentConnection connection = call.connection;
      AgentConnection.Progress progress = call.sent ? AgentConnection.Progress.PROVEN : connection.progress();
      if (!call.sent && progress == AgentConnection.Progress.PROVEN) {
        if (sendOrFail(call)) {
          continue;
        }
      } else if (progress == AgentConnection.Progress.REFUSED) {
        refusals.incrementAndGet();
        closeConnection(call); // frees its in-flight slot at once; nothing was sent
        fail(
            call,
            new TransportException(
                "cannot connect to " + call.address() + ": connection refused or host unreachable (no agent listens there)",
                Reach.REFUSED,
                Duration.ofNanos(now - (call.deadline - call.timeout.toNanos())),
                false));
      } else if (call.sent && connection.readable()) {
        finishWithReply(call, now);
      } else if (now - call.deadline >= 0) {
        timeouts.incrementAndGet();
        String detail = call.sent ? "" : " (no connection; the request was not sent)";
        closeConnection(call); // a late reply must never answer the next request
        fail(call, new TransportException("no reply from " + call.address() + " within " + format(call.timeout) + detail));
      } else if (!call.sent && now - connection.connectDeadline() >= 0) {
        reconnects.incrementAndGet();
        try {
          connection.reopen(now);
          continue;
        } catch (RuntimeException e) {
          call.connection = null;
          if (waitsForSocket(call, e, now)) {
            shortOfSockets.addLast(call); // nothing was sent on the replaced connection
          } else {
            failures.incrementAndGet();
            fail(call, new TransportException("cannot connect to " + call.address() + ": " + reason(e), e));
          }
        }
      } else {
        continue;
      }
      it.remove();
      inFlightCount.decrementAndGet();
    }
  }

  /** Writes the call's request on its proven connection; false (the call failed) if it was refused. */
  private boolean sendOrFail(Call call) {
    if (call.connection.send(call.payload)) {
      call.sent = true;
      return true;
    }
    closeConnection(call);
    failures.incrementAndGet();
    fail(call, new TransportException("cannot send to " + call.address() + ": the socket refused it"));
    return false;
  }

  private void finishWithReply(Call call, long now) {
    List<byte[]> frames = call.connection.receive();
    if (frames.size() != 2 || frames.get(0).length != 0) {
      closeConnection(call);
      failures.incrementAndGet();
      fail(
          call,
          new TransportException(
              "malformed reply from "
                  + call.address()
                  + ": expected an empty delimiter and one payload frame, got "
                  + frames.size()
                  + " frame(s)"));
      return;
    }
    Object reply;
    try {
      reply = MsgPack.decode(frames.get(1));
    } catch (MalformedMessageException e) {
      closeConnection(call);
      failures.incrementAndGet();
      fail(call, new TransportException("malformed reply from " + call.address() + ": " + e.getMessage(), e));
      return;
    }
    release(call, now);
    replies.incrementAndGet();
    onCallbackThread(() -> call.future.complete(reply));
  }

  /** Puts the call's connection back for the next request to its endpoint, or closes it (no reuse). */
  private void release(Call call, long now) {
    if (settings.idleTimeout().isZero()) {
      closeConnection(call);
      return;
    }
    idle.add(call.connection, now);
    idleCount.set(idle.size());
    call.connection = null;
  }

  private void fail(Call call, TransportException e) {
    onCallbackThread(() -> call.future.completeExceptionally(e));
  }

  private void onCallbackThread(Runnable completion) {
    try {
      callbacks.execute(completion);
    } catch (RejectedExecutionException e) {
      completion.run(); // only after close() gave up waiting for the loop
    }
  }

  private static void closeConnection(Call call) {
    if (call.connection != null) {
      call.connection.close();
      call.connection = null;
    }
  }

  private static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }

  /** One request; its mutable fields belong to the loop thread. */
  private static final class Call {
    final AgentConnection.Endpoint endpoint;
    final CurveClient curve;
    final byte[] payload;
    final Duration timeout;
    final CompletableFuture<Object> future = new CompletableFuture<>();
    AgentConnection connection;
    long deadline;
    /** Written on its connection (which is proven by then). */
    boolean sent;

    Call(AgentConnection.Endpoint endpoint, CurveClient curve, byte[] payload, Duration timeout) {
      this.endpoint = endpoint;
      this.curve = curve;
      this.payload = payload;
      this.timeout = timeout;
    }

    String address() {
      return endpoint.address();
    }
  }
}
