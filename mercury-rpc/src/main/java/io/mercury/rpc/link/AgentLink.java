package io.mercury.rpc.link;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.CurveKeyPair;
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
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.ZError;

/**
 * One-shot request/reply exchanges with many agents (their RPC ROUTER or pong REP), cheap at ten
 * thousand agents: no thread per agent and no socket held between requests.
 *
 * <p>Each request gets its own short-lived DEALER socket (linger 0) connected to the request's address.
 * Once the connection's handshake has completed (watched through a socket monitor) it sends {@code
 * [empty][msgpack payload]}, which a REP peer reads as a REQ request and a ROUTER peer receives as
 * {@code [identity][empty][payload]}, the framing the original's servers require. A connection whose
 * handshake stalls (JeroMQ 0.6.0 does that now and then) is replaced by a fresh socket; nothing was
 * written to it, so the request is never delivered twice. The first reply completes the request's
 * future with the decoded message and the socket is closed. So is it when no reply arrives within the
 * request's timeout: the future fails with a {@link TransportException} "no reply from ADDRESS within
 * TIMEOUT", with " (no connection; the request was not sent)" appended when no connection was ever
 * ready. A reply that is not {@code [empty][payload]} or whose payload is not msgpack fails the future
 * with a TransportException saying so.
 *
 * <p>At most {@code maxInFlight} requests have a socket at once; further requests wait, first in first
 * out. The timeout runs from when a request leaves that queue (connecting included), so time spent
 * waiting for a slot is not counted (see {@link Stats#queued()}). When no socket can be opened (the
 * process is out of file descriptors, or the context out of socket slots, typically while closed
 * sockets wait for the reaper on a loaded machine) the request waits for one, ahead of newer requests,
 * until its timeout, and only then fails with the reason: a local shortage is not the agent's fault, and
 * it never stops the link.
 *
 * <p>Threading: one loop thread owns every socket and polls all of them in one poll. Any thread may call
 * {@link #request}; requests reach the loop through a queue and a wake-up pipe. Futures are completed on
 * a separate callback thread, so a caller's dependent actions never run on (or stall) the socket loop.
 *
 * <p>CURVE: a link created with a client key connects to each agent as a CURVE client, with the public
 * key the target device registered with ({@link AgentKeys}) as the server key, so only that device's
 * agent can answer; a request for a device whose key is unknown fails at once and nothing is sent.
 */
public final class AgentLink implements AgentRequests, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentLink.class);
  private static final byte[] EMPTY = new byte[0];
  private static final long IDLE_POLL_MS = 1000;
  // The loop does not rely on the poll's per-socket result: after every poll it asks each in-flight
  // socket for its events (which also catches a reply that arrived after the poll returned), and while
  // requests are in flight it wakes at least this often, so a readiness the poll did not report costs
  // at most this much delay.
  private static final long RECHECK_MS = 50;
  private static final long MAX_REPLY_BYTES = 64L * 1024 * 1024;
  // JeroMQ 0.6.0 sometimes opens a TCP connection whose handshake never completes: the peer's greeting
  // sits unread in the kernel (jeromq issues 624 and 849; here about one fresh connection in fifty when
  // the link is otherwise idle). A socket that has not completed a handshake within its budget is
  // replaced by a new one; the budget doubles on each replacement up to the max,
  // so an address nobody listens on costs a few sockets per request, not a storm.
  private static final long INITIAL_CONNECT_BUDGET_MS = 250;
  private static final long CONNECT_BUDGET_MAX_MS = 2000;
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final AtomicLong MONITORS = new AtomicLong();
  private static final int SOCKETS_PER_REQUEST = 3;
  private static final int SOCKET_HEADROOM = 10_000;

  /**
   * Counters since the link was created, and the current load.
   *
   * @param requests requests accepted by {@link #request}
   * @param replies well-formed replies received
   * @param timeouts requests that got no reply in time
   * @param failures malformed replies and requests that could not be sent
   * @param reconnects sockets replaced because their connection was not ready within its budget
   * @param inFlight requests sent and waiting for their reply
   * @param queued requests waiting for an in-flight slot
   * @param openSockets sockets currently open (one per in-flight request)
   */
  public record Stats(
      long requests,
      long replies,
      long timeouts,
      long failures,
      long reconnects,
      int inFlight,
      int queued,
      int openSockets) {}

  private final ZContext context;
  private final CurveKeyPair clientKey;
  private final AgentKeys agentKeys;
  private final String name;
  private final int maxInFlight;
  private final Queue<Call> submitted = new ConcurrentLinkedQueue<>();
  /** Requests that could not get a socket, retried before newer ones; owned by the loop thread. */
  private final Deque<Call> shortOfSockets = new ArrayDeque<>();
  private boolean shortageReported;
  private final WakeupPipe wakeup = new WakeupPipe();
  private final ExecutorService callbacks;
  private final Thread loop;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong replies = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger inFlightCount = new AtomicInteger();
  private final AtomicInteger openSockets = new AtomicInteger();
  private volatile boolean running = true;

  /**
   * Starts the loop thread with a ZeroMQ context of its own, sized for {@code maxInFlight}.
   *
   * @param maxInFlight how many requests may have a socket at once (at least 1). Each costs up to
   *     three ZeroMQ sockets while connecting and one after, and a few file descriptors each.
   */
  public AgentLink(int maxInFlight) {
    this(maxInFlight, null, null);
  }

  /**
   * A link that talks CURVE to every agent when {@code clientKey} is not null.
   *
   * @param clientKey the backend's key pair, or null for plaintext
   * @param agentKeys the devices' public keys by mercury_id (required with a client key)
   */
  public AgentLink(int maxInFlight, CurveKeyPair clientKey, AgentKeys agentKeys) {
    this(maxInFlight, SOCKETS_PER_REQUEST * maxInFlight + SOCKET_HEADROOM, clientKey, agentKeys);
  }

  /**
   * As {@link #AgentLink(int)}, with at most {@code maxSockets} ZeroMQ sockets open at once (closed ones
   * included until the reaper has finished with them).
   */
  public AgentLink(int maxInFlight, int maxSockets) {
    this(maxInFlight, maxSockets, null, null);
  }

  /** The general form of the constructors above. */
  public AgentLink(int maxInFlight, int maxSockets, CurveKeyPair clientKey, AgentKeys agentKeys) {
    if (clientKey != null && agentKeys == null) {
      throw new IllegalArgumentException("a CURVE link needs the agents' keys");
    }
    this.clientKey = clientKey;
    this.agentKeys = agentKeys;
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
    }
    this.context = new ZContext(1);
    // A DEALER, its monitor and the monitor's internal pair per request; closed sockets keep their slot
    // until the context's reaper has finished with them, hence the generous head room.
    context.getContext().setMaxSockets(maxSockets);
    this.maxInFlight = maxInFlight;
    this.name = "agent-link-" + INSTANCES.incrementAndGet();
    this.callbacks =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, name + "-callbacks");
              t.setDaemon(true);
              return t;
            });
    this.loop = new Thread(this::run, name);
    loop.setDaemon(true);
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
    Call call = new Call(address, MsgPack.encode(message), timeout);
    if (clientKey != null) {
      String agentKey = agentKeys.get(mercuryId);
      if (agentKey == null) {
        call.future.completeExceptionally(
            new TransportException(
                "no CURVE public key is known for device " + mercuryId + " (it registered without one);"
                    + " with CURVE on it is not contacted"));
        return call.future;
      }
      call.curve = new CurveClient(clientKey, agentKey);
    }
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
        reconnects.get(),
        inFlightCount.get(),
        queued.get(),
        openSockets.get());
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
    try {
      while (running) {
        long now = System.nanoTime();
        startQueued(inFlight, now);
        ZMQ.PollItem[] items = new ZMQ.PollItem[inFlight.size() + 1];
        items[0] = wakeItem;
        long waitMs = inFlight.isEmpty() ? IDLE_POLL_MS : RECHECK_MS;
        for (int i = 0; i < inFlight.size(); i++) {
          Call call = inFlight.get(i);
          items[i + 1] = call.pollItem;
          long due = call.sent() ? call.deadline : Math.min(call.deadline, call.connectDeadline);
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
        closeSocket(call);
        fail(call, closed);
      }
      Call call;
      while ((call = shortOfSockets.poll()) != null || (call = submitted.poll()) != null) {
        queued.decrementAndGet();
        fail(call, closed);
      }
      inFlightCount.set(0);
      context.closeSelector(selector);
      wakeup.close();
    }
  }

  private void startQueued(List<Call> inFlight, long now) {
    while (inFlight.size() < maxInFlight) {
      Call call = shortOfSockets.poll();
      if (call == null) {
        call = submitted.poll();
        if (call == null) {
          return;
        }
        call.deadline = now + call.timeout.toNanos();
      }
      queued.decrementAndGet();
      try {
        connect(call, now, INITIAL_CONNECT_BUDGET_MS);
        inFlight.add(call);
        inFlightCount.incrementAndGet();
        shortageReported = false;
      } catch (RuntimeException e) { // ZMQException, or zmq.ZError.IOException when out of file descriptors
        closeSocket(call);
        if (waitsForSocket(call, e, now)) {
          shortOfSockets.addFirst(call);
          return; // the next turn of the loop tries again, once closed sockets are reaped
        }
        failures.incrementAndGet();
        fail(call, new TransportException("cannot connect to " + call.address + ": " + reason(e), e));
      }
    }
  }

  /** Whether a request that could not get a socket should wait for one (true: it is counted as queued). */
  private boolean waitsForSocket(Call call, RuntimeException e, long now) {
    if (!isLocalShortage(e) || now - call.deadline >= 0) {
      return false;
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

  private static String reason(RuntimeException e) {
    if (e instanceof ZMQException z) {
      return ZMQ.Error.findByCode(z.getErrorCode()).getMessage();
    }
    return e.getCause() != null ? String.valueOf(e.getCause().getMessage()) : String.valueOf(e.getMessage());
  }

  /**
   * Opens a fresh DEALER and a monitor of its connection. The request is written only once the
   * connection's handshake has completed, so replacing a stalled socket can never deliver it twice.
   */
  private void connect(Call call, long now, long budgetMs) {
    ZMQ.Socket socket = context.createSocket(SocketType.DEALER);
    openSockets.incrementAndGet();
    call.socket = socket;
    socket.setLinger(0);
    socket.setMaxMsgSize(MAX_REPLY_BYTES);
    if (call.curve != null) {
      call.curve.apply(socket);
    }
    if (call.address.startsWith("tcp://[")) {
      socket.setIPv6(true);
    }
    String monitorAddress = "inproc://" + name + "-monitor-" + MONITORS.incrementAndGet();
    socket.monitor(monitorAddress, ZMQ.EVENT_HANDSHAKE_PROTOCOL);
    ZMQ.Socket monitor = context.createSocket(SocketType.PAIR);
    openSockets.incrementAndGet();
    call.monitor = monitor;
    monitor.setLinger(0);
    monitor.connect(monitorAddress);
    socket.connect(call.address);
    call.connectBudgetMs = budgetMs;
    call.connectDeadline = now + budgetMs * 1_000_000;
    call.pollItem = new ZMQ.PollItem(monitor, ZMQ.Poller.POLLIN);
  }

  private void finishReadyOrExpired(List<Call> inFlight, long now) {
    Iterator<Call> it = inFlight.iterator();
    while (it.hasNext()) {
      Call call = it.next();
      if (!call.sent() && handshakeDone(call)) {
        if (send(call)) {
          continue;
        }
        closeSocket(call);
        failures.incrementAndGet();
        fail(call, new TransportException("cannot send to " + call.address + ": the socket refused it"));
      } else if (call.sent() && (call.socket.getEvents() & ZMQ.Poller.POLLIN) != 0) {
        finishWithReply(call);
      } else if (now - call.deadline >= 0) {
        timeouts.incrementAndGet();
        String detail = call.sent() ? "" : " (no connection; the request was not sent)";
        closeSocket(call);
        fail(
            call,
            new TransportException(
                "no reply from " + call.address + " within " + format(call.timeout) + detail));
      } else if (!call.sent() && now - call.connectDeadline >= 0) {
        closeSocket(call);
        reconnects.incrementAndGet();
        try {
          connect(call, now, Math.min(2 * call.connectBudgetMs, CONNECT_BUDGET_MAX_MS));
          continue;
        } catch (RuntimeException e) {
          closeSocket(call);
          if (waitsForSocket(call, e, now)) {
            shortOfSockets.addLast(call); // nothing was sent on the replaced socket
          } else {
            failures.incrementAndGet();
            fail(call, new TransportException("cannot connect to " + call.address + ": " + reason(e), e));
          }
        }
      } else {
        continue;
      }
      it.remove();
      inFlightCount.decrementAndGet();
    }
  }

  private static boolean handshakeDone(Call call) {
    ZMQ.Event event;
    while ((event = ZMQ.Event.recv(call.monitor, ZMQ.DONTWAIT)) != null) {
      if (event.getEvent() == ZMQ.EVENT_HANDSHAKE_PROTOCOL) {
        return true;
      }
    }
    return false;
  }

  private boolean send(Call call) {
    closeMonitor(call);
    call.pollItem = new ZMQ.PollItem(call.socket, ZMQ.Poller.POLLIN);
    return call.socket.send(EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT)
        && call.socket.send(call.payload, ZMQ.DONTWAIT);
  }

  private void finishWithReply(Call call) {
    List<byte[]> frames = new ArrayList<>(2);
    byte[] frame;
    while ((frame = call.socket.recv(ZMQ.DONTWAIT)) != null) {
      frames.add(frame);
      if (!call.socket.hasReceiveMore()) {
        break;
      }
    }
    closeSocket(call);
    if (frames.size() != 2 || frames.get(0).length != 0) {
      failures.incrementAndGet();
      fail(
          call,
          new TransportException(
              "malformed reply from "
                  + call.address
                  + ": expected an empty delimiter and one payload frame, got "
                  + frames.size()
                  + " frame(s)"));
      return;
    }
    Object reply;
    try {
      reply = MsgPack.decode(frames.get(1));
    } catch (MalformedMessageException e) {
      failures.incrementAndGet();
      fail(call, new TransportException("malformed reply from " + call.address + ": " + e.getMessage(), e));
      return;
    }
    replies.incrementAndGet();
    onCallbackThread(() -> call.future.complete(reply));
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

  private void closeMonitor(Call call) {
    if (call.monitor != null) {
      call.socket.monitor(null, 0);
      call.monitor.close();
      call.monitor = null;
      openSockets.decrementAndGet();
    }
  }

  private void closeSocket(Call call) {
    closeMonitor(call);
    if (call.socket != null) {
      call.socket.close();
      call.socket = null;
      openSockets.decrementAndGet();
    }
  }

  private static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }

  /** One request; its mutable fields belong to the loop thread. */
  private static final class Call {
    final String address;
    final byte[] payload;
    final Duration timeout;
    final CompletableFuture<Object> future = new CompletableFuture<>();
    ZMQ.Socket socket;
    ZMQ.Socket monitor;
    ZMQ.PollItem pollItem;
    CurveClient curve;
    long deadline;
    long connectBudgetMs;
    long connectDeadline;

    /** Written once the handshake completed; until then only the monitor is polled. */
    boolean sent() {
      return socket != null && monitor == null;
    }

    Call(String address, byte[] payload, Duration timeout) {
      this.address = address;
      this.payload = payload;
      this.timeout = timeout;
    }
  }
}
