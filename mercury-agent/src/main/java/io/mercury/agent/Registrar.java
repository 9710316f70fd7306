package io.mercury.agent;

import io.mercury.common.client.BackendClient;
import io.mercury.common.protocol.backend.AgentInfo;
import io.mercury.common.protocol.backend.RegisterReply;
import io.mercury.common.time.Backoff;
import io.mercury.common.time.TimeSource;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the agent with the backend, on its own thread, and keeps it registered.
 *
 * <p>{@code register(device_info, agent_info)} is retried with a jittered {@link Backoff} (1 s doubling
 * up to 30 s, so a fleet restarted together does not register in step) until a non-error reply; an
 * error reply (our backend rejected the registration) is logged with its reason and retried the same way. Afterwards, when no valid ping has arrived for {@code reregisterAfter} (since the
 * later of the last registration and the last ping), the backend has lost or dropped the agent (a
 * restart without state, or it marked the agent inactive), so the agent registers again.
 *
 * <p>Heartbeats: when the backend's {@code register} reply carries {@code heartbeat_interval} (Mercury's
 * backend does; the original's does not), the agent sends {@code heartbeat(mercury_id)} that often over
 * its connection to the backend, and the backend leaves it unpinged while it hears them. An answer
 * {@code {"known": true}} counts as contact with the backend, like a ping; {@code {"known": false}}
 * means the backend no longer has the agent active, so it registers again at once; an error reply
 * (a backend without the endpoint) ends the heartbeats until the next registration, and the agent
 * relies on pings. A heartbeat without an answer is not retried; the next one is sent on time. Every
 * registration attempt first passes the {@link Gate} (with CURVE on: enrolment of the agent's key, so an
 * agent whose key was revoked says so rather than timing out).
 *
 * <p>Time: every wait (the back-off, the checks between heartbeats) is on the given {@link TimeSource},
 * whose thread wakes the registrar's; tests move that time by hand.
 *
 * <p>Agent channel: when the register reply says {@code channel: true}, every heartbeat also offers the
 * connection as the agent's channel, and each time the connection is proven again ({@link
 * #reconnected}: the backend restarted, or the connection was replaced) a heartbeat goes out at once,
 * whatever the interval, so the backend binds the new connection within milliseconds instead of sending
 * to the agent directly until the next heartbeat.
 */
public final class Registrar implements AutoCloseable {
  /** What must hold before registering; blocks until it does. */
  @FunctionalInterface
  public interface Gate {
    /** No condition (CURVE off: there is no key to enrol). */
    Gate OPEN = () -> {};

    void await() throws InterruptedException;
  }

  private static final Logger log = LoggerFactory.getLogger(Registrar.class);
  private static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final BackendClient backend;
  private final Supplier<Map<String, Object>> deviceInfo;
  private final Supplier<AgentInfo> agentInfo;
  private final Supplier<Instant> lastPing;
  private final Duration reregisterAfter;
  /** Reads the time and wakes the registrar's thread when its wait is over. */
  private final TimeSource clock;
  private final Gate gate;
  private final AtomicInteger registrations = new AtomicInteger();
  private final Thread thread;
  private volatile Instant lastRegistered;
  private volatile Instant lastHeard;
  /**
   * Set by each accepted registration, on the registrar's thread: the agent's id and the heartbeat
   * interval the backend asked for (null: none).
   */
  private String mercuryId;
  private Duration heartbeat;
  private Instant nextHeartbeat;
  /** Whether the backend accepted the agent channel at the last registration. */
  private volatile boolean channel;
  private volatile boolean reconnected;
  /** When an unanswered heartbeat after a reconnect is tried again, and the wait before that. */
  private Instant nextRebind = Instant.MIN;
  private static final Duration REBIND_FIRST_RETRY = Duration.ofMillis(500);
  private static final Duration REBIND_MAX_RETRY = Duration.ofSeconds(8);
  private final Backoff rebindBackoff = new Backoff(REBIND_FIRST_RETRY, REBIND_MAX_RETRY);
  /** Wakes the registrar's thread before its next check is due. */
  private final Semaphore wake = new Semaphore(0);
  private final AtomicInteger heartbeats = new AtomicInteger();
  private volatile boolean running = true;

  public Registrar(
      BackendClient backend,
      Supplier<Map<String, Object>> deviceInfo,
      Supplier<AgentInfo> agentInfo,
      Supplier<Instant> lastPing,
      Duration reregisterAfter,
      TimeSource clock,
      Gate gate) {
    this.backend = backend;
    this.deviceInfo = deviceInfo;
    this.agentInfo = agentInfo;
    this.lastPing = lastPing;
    this.reregisterAfter = reregisterAfter;
    this.clock = clock;
    this.gate = gate;
    this.thread = Thread.ofPlatform().name("agent-registrar").daemon().unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  /** How many registrations the backend has accepted. */
  public int registrations() {
    return registrations.get();
  }

  /**
   * The connection to the backend was proven again: with the agent channel on, a heartbeat goes out at
   * once so the backend binds the new connection. Cheap; any thread.
   */
  public void reconnected() {
    reconnected = true;
    wake.release();
  }

  /** Whether the backend accepted the agent channel at the last registration. */
  public boolean channel() {
    return channel;
  }

  /** How many heartbeats the backend has answered {@code known}. */
  public int heartbeats() {
    return heartbeats.get();
  }

  /**
   * Whether the agent should register again at {@code now}: registered, but neither pinged nor answered
   * a heartbeat for too long.
   */
  boolean isDue(Instant now) {
    Instant registered = lastRegistered;
    if (registered == null) {
      return false;
    }
    Instant since = latest(latest(registered, lastPing.get()), lastHeard);
    return Duration.between(since, now).compareTo(reregisterAfter) >= 0;
  }

  private static Instant latest(Instant a, Instant b) {
    return b != null && b.isAfter(a) ? b : a;
  }

  private void run() {
    try {
      while (running) {
        registerUntilAccepted();
        if (waitUntilDue()) {
          log.warn("no ping or heartbeat answer for {} s; the backend may have lost this agent, registering again",
              reregisterAfter.toMillis() / 1000.0);
        }
      }
    } catch (InterruptedException e) {
      // closing
    }
  }

  private void registerUntilAccepted() throws InterruptedException {
    Backoff backoff = new Backoff(INITIAL_BACKOFF, MAX_BACKOFF);
    while (running) {
      gate.await();
      Duration wait = backoff.next();
      try {
        RegisterReply reply = backend.register(deviceInfo.get(), agentInfo.get());
        lastRegistered = clock.instant();
        registrations.incrementAndGet();
        startHeartbeats(reply);
        log.info("registered with the backend at {}: {}", backend.endpoint(), reply);
        return;
      } catch (RemoteException e) {
        log.error("the backend at {} rejected the registration: {}; retrying in {} s",
            backend.endpoint(), e.getMessage(), wait.toMillis() / 1000.0);
      } catch (TransportException e) {
        log.warn("cannot register with the backend at {}: {}; retrying in {} s",
            backend.endpoint(), e.getMessage(), wait.toMillis() / 1000.0);
      }
      sleep(Duration.ofMillis(wait.toMillis()));
    }
  }

  /** Reads the heartbeat interval from the register reply; none from an original backend. */
  private void startHeartbeats(RegisterReply reply) {
    heartbeat = null;
    channel = reply.channel() && reply.mercuryId() != null;
    if (reply.mercuryId() != null && (channel || reply.heartbeatInterval() != null)) {
      mercuryId = reply.mercuryId();
    }
    if (reply.heartbeatInterval() != null && reply.mercuryId() != null) {
      heartbeat = reply.heartbeatInterval();
      nextHeartbeat = clock.instant().plus(heartbeat);
    }
  }

  /**
   * Sends heartbeats while they are due, until a registration is due: true when that is because the
   * agent was neither pinged nor heard for too long, false when the backend said it does not know it.
   */
  private boolean waitUntilDue() throws InterruptedException {
    while (running && !isDue(clock.instant())) {
      if (reconnected && !clock.instant().isBefore(nextRebind)) {
        reconnected = false;
        if (channel) {
          switch (sendHeartbeat()) {
            case UNKNOWN -> {
              return false;
            }
            case UNANSWERED -> {
              // the backend is still starting or busy: try again soon, not at the next interval
              reconnected = true;
              nextRebind = clock.instant().plus(rebindBackoff.next());
            }
            case ANSWERED -> rebindBackoff.reset();
          }
        }
      }
      if (heartbeat != null && !clock.instant().isBefore(nextHeartbeat)) {
        nextHeartbeat = clock.instant().plus(heartbeat);
        if (sendHeartbeat() == HeartbeatOutcome.UNKNOWN) {
          return false;
        }
      }
      waitForCheck(Duration.ofMillis(checkMillis()));
    }
    return true;
  }

  /** Waits {@code wait} on the clock. */
  private void sleep(Duration wait) throws InterruptedException {
    CountDownLatch over = new CountDownLatch(1);
    TimeSource.Cancellable alarm = clock.schedule(over::countDown, wait);
    try {
      over.await();
    } finally {
      alarm.cancel();
    }
  }

  /** Waits {@code wait} on the clock, or until {@link #reconnected} wakes the thread. */
  private void waitForCheck(Duration wait) throws InterruptedException {
    TimeSource.Cancellable alarm = clock.schedule(wake::release, wait);
    try {
      wake.acquire();
    } finally {
      alarm.cancel();
    }
    wake.drainPermits();
  }

  private long checkMillis() {
    long bound = heartbeat == null ? reregisterAfter.toMillis() : Math.min(reregisterAfter.toMillis(), heartbeat.toMillis());
    return Math.max(20, Math.min(1000, bound / 4));
  }

  /** What became of one heartbeat. */
  private enum HeartbeatOutcome {
    /** Answered (or refused by a backend that takes no heartbeats: pings take over). */
    ANSWERED,
    /** The backend no longer has the agent active: register again. */
    UNKNOWN,
    /** No answer in time, or refused: try again. */
    UNANSWERED
  }

  private HeartbeatOutcome sendHeartbeat() {
    try {
      if (!backend.heartbeat(mercuryId, channel).known()) {
        log.info("the backend at {} no longer has this agent active; registering again", backend.endpoint());
        return HeartbeatOutcome.UNKNOWN;
      }
      lastHeard = clock.instant();
      heartbeats.incrementAndGet();
      return HeartbeatOutcome.ANSWERED;
    } catch (RemoteException e) {
      if (String.valueOf(e.getMessage()).contains("Endpoint is not supported")) {
        log.warn("the backend at {} takes no heartbeats ({}); relying on its pings until the next registration",
            backend.endpoint(), e.getMessage());
        heartbeat = null;
        channel = false;
        return HeartbeatOutcome.ANSWERED;
      }
      // a Mercury backend that refuses one (starting, busy, its store away): tried again, and without
      // an answer for long the agent registers again as usual. Turning heartbeats off here left a
      // restarted backend without the agent's channel until the next registration.
      log.warn("the backend at {} refused a heartbeat ({}); trying again", backend.endpoint(), e.getMessage());
      return HeartbeatOutcome.UNANSWERED;
    } catch (TransportException e) {
      log.debug("heartbeat to {} unanswered: {}", backend.endpoint(), e.getMessage());
      return HeartbeatOutcome.UNANSWERED;
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
