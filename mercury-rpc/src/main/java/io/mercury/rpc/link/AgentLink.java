package io.mercury.rpc.link;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.transport.TransportException;
import io.mercury.common.transport.WakeupPipe;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

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
 * TransportException saying so. A connection whose TCP connect is refused (nothing listens at the
 * address) or whose host is unreachable fails its request at once, with nothing sent ({@link
 * LinkFailures#isRefused}), so dead agents do not hold in-flight slots.
 *
 * <p>At most {@code maxInFlight} requests are in flight at once; further requests wait, first in
 * first out. The timeout runs from when a request leaves that queue (connecting included), so time
 * spent waiting for a slot is not counted (see {@link LinkStats#queued()}). When no socket can be opened
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

  private final ZContext context;
  private final CurveKeyPair clientKey;
  private final AgentKeys agentKeys;
  private final String name;
  private final LinkSettings settings;
  private final Queue<LinkCall> submitted = new ConcurrentLinkedQueue<>();
  private final WakeupPipe wakeup = new WakeupPipe();
  private final ExecutorService callbacks;
  private final Thread loop;
  private final LinkGauges gauges = new LinkGauges();
  private final LinkCounters counters = new LinkCounters();
  private final LinkConnections connections;
  private final SocketShortage shortage;
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
    this.connections = new LinkConnections(context, name, settings, gauges, counters);
    this.shortage = new SocketShortage(connections, counters);
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
    AgentConnection.Endpoint.check(address);
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
    LinkCall call = new LinkCall(new AgentConnection.Endpoint(address, curve == null ? null : curve.serverPublicKey()), curve, payload, timeout);
    if (!running) {
      call.future.completeExceptionally(new TransportException("link closed"));
      return call.future;
    }
    counters.requests.incrementAndGet();
    counters.queued.incrementAndGet();
    submitted.add(call);
    wakeup.wake();
    if (!running && submitted.remove(call)) {
      counters.queued.decrementAndGet();
      fail(call, new TransportException("link closed"));
    }
    return call.future;
  }

  public LinkStats stats() {
    return counters.snapshot(gauges);
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

  @SuppressWarnings("deprecation") // ZContext's selector (JeroMQ 0.6): the loop's hot path polls with it; replacing it is a change of its own
  private void run() {
    List<LinkCall> inFlight = new ArrayList<>();
    Selector selector = context.createSelector();
    ZMQ.PollItem wakeItem = new ZMQ.PollItem(wakeup.channel(), ZMQ.Poller.POLLIN);
    long idleNanos = settings.idleTimeout().toNanos();
    try {
      while (running) {
        long now = System.nanoTime();
        connections.closeIdleSince(now - idleNanos);
        startQueued(inFlight, now);
        ZMQ.PollItem[] items = new ZMQ.PollItem[inFlight.size() + 1];
        items[0] = wakeItem;
        long waitMs = inFlight.isEmpty() ? IDLE_POLL_MS : RECHECK_MS;
        for (int i = 0; i < inFlight.size(); i++) {
          LinkCall call = inFlight.get(i);
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
      for (LinkCall call : inFlight) {
        call.closeConnection();
        fail(call, closed);
      }
      LinkCall call;
      while ((call = shortage.poll()) != null || (call = submitted.poll()) != null) {
        counters.queued.decrementAndGet();
        fail(call, closed);
      }
      counters.inFlightCount.set(0);
      connections.closeAll();
      context.closeSelector(selector);
      wakeup.close();
    }
  }

  private void startQueued(List<LinkCall> inFlight, long now) {
    while (inFlight.size() < settings.maxInFlight()) {
      LinkCall call = shortage.poll();
      if (call == null) {
        call = submitted.poll();
        if (call == null) {
          return;
        }
        call.deadline = now + call.timeout.toNanos();
      }
      counters.queued.decrementAndGet();
      call.connection = connections.takeIdle(call.endpoint);
      if (call.connection != null) {
        if (sendOrFail(call)) {
          inFlight.add(call);
          counters.inFlightCount.incrementAndGet();
        }
        continue;
      }
      try {
        call.connection = connections.open(call, now);
        inFlight.add(call);
        counters.inFlightCount.incrementAndGet();
        shortage.over();
      } catch (RuntimeException e) { // ZMQException, or zmq.ZError.IOException when out of file descriptors
        call.connection = null;
        if (shortage.waits(call, e, now)) {
          shortage.waitFirst(call);
          return; // the next turn of the loop tries again, once closed sockets are reaped
        }
        counters.failures.incrementAndGet();
        fail(call, LinkFailures.cannotConnect(call, e));
      }
    }
  }

  private void finishReadyOrExpired(List<LinkCall> inFlight, long now) {
    Iterator<LinkCall> it = inFlight.iterator();
    while (it.hasNext()) {
      LinkCall call = it.next();
      AgentConnection connection = call.connection;
      AgentConnection.Progress progress = call.sent ? AgentConnection.Progress.PROVEN : connection.progress();
      if (!call.sent && progress == AgentConnection.Progress.PROVEN) {
        if (sendOrFail(call)) {
          continue;
        }
      } else if (progress == AgentConnection.Progress.REFUSED) {
        counters.refusals.incrementAndGet();
        call.closeConnection(); // frees its in-flight slot at once; nothing was sent
        fail(call, LinkFailures.refused(call, now));
      } else if (call.sent && connection.readable()) {
        finishWithReply(call, now);
      } else if (now - call.deadline >= 0) {
        counters.timeouts.incrementAndGet();
        call.closeConnection(); // a late reply must never answer the next request
        fail(call, LinkFailures.noReply(call));
      } else if (!call.sent && now - connection.connectDeadline() >= 0) {
        counters.reconnects.incrementAndGet();
        try {
          connection.reopen(now);
          continue;
        } catch (RuntimeException e) {
          call.connection = null;
          if (shortage.waits(call, e, now)) {
            shortage.waitLast(call); // nothing was sent on the replaced connection
          } else {
            counters.failures.incrementAndGet();
            fail(call, LinkFailures.cannotConnect(call, e));
          }
        }
      } else {
        continue;
      }
      it.remove();
      counters.inFlightCount.decrementAndGet();
    }
  }

  /** Writes the call's request on its proven connection; false (the call failed) if it was refused. */
  private boolean sendOrFail(LinkCall call) {
    if (call.connection.send(call.payload)) {
      call.sent = true;
      return true;
    }
    call.closeConnection();
    counters.failures.incrementAndGet();
    fail(call, new TransportException("cannot send to " + call.address() + ": the socket refused it"));
    return false;
  }

  private void finishWithReply(LinkCall call, long now) {
    Object reply;
    try {
      reply = call.connection.receiveReply();
    } catch (TransportException e) {
      call.closeConnection();
      counters.failures.incrementAndGet();
      fail(call, e);
      return;
    }
    release(call, now);
    counters.replies.incrementAndGet();
    onCallbackThread(() -> call.future.complete(reply));
  }

  /** Puts the call's connection back for the next request to its endpoint, or closes it (no reuse). */
  private void release(LinkCall call, long now) {
    connections.release(call.connection, now);
    call.connection = null;
  }

  private void fail(LinkCall call, TransportException e) {
    onCallbackThread(() -> call.future.completeExceptionally(e));
  }

  private void onCallbackThread(Runnable completion) {
    try {
      callbacks.execute(completion);
    } catch (RejectedExecutionException e) {
      completion.run(); // only after close() gave up waiting for the loop
    }
  }
}
