package io.mercury.rpc.liveness;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.logging.LogKeys;
import io.mercury.common.logging.LogScope;
import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.protocol.agent.AgentWire;
import io.mercury.common.protocol.agent.Ping;
import io.mercury.common.protocol.agent.Pong;
import io.mercury.common.time.ScheduledTimeSource;
import io.mercury.common.time.TimeSource;
import io.mercury.rpc.link.AgentLink;
import io.mercury.rpc.link.AgentRequests;
import io.mercury.rpc.link.LinkFailures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings the agents it tracks and reports those that stop answering (the original backend's ping loop,
 * docs/protocol.md, "RPC backend").
 *
 * <p>Every {@link PingSettings#cycleTime()} it starts a ping, through the shared {@link AgentRequests}
 * (the backend's routes: a Mercury agent's own connection when it has one, else the {@link AgentLink}), for
 * each tracked agent whose last pong is older than {@link PingSettings#interval()} (or that never
 * answered) and that is not being pinged already, at most {@link PingSettings#maxToSchedule()} per
 * cycle. A ping is up to {@link PingSettings#retries()} attempts with the timeouts of {@link
 * PingSettings#attemptTimeout(int)}. An attempt whose connection is refused (nothing listens at the
 * agent's address: its process died) ends at once and gives its connection slot back, but counts as
 * failed only when its timeout has passed, so a dead fleet is lost as fast as one agent is, and a
 * restarting agent still has every attempt's time to come back. A reply that is a pong ({@link AgentWire#pong}) ends it; any
 * other reply counts as a failed attempt. A pong that names another device ({@code mercury_id}: Mercury's
 * agents say whose they are) loses the agent at once: another server holds its address now. With CURVE
 * the ping expects the device's registered key, so another agent cannot even answer. When every attempt failed the agent is forgotten, logged at
 * WARN with its mercury_id in the MDC, and reported to the {@link AgentLostListener}.
 *
 * <p>Heartbeats: a Mercury agent told {@link PingSettings#heartbeat()} sends one over its own, long-lived
 * connection to the backend that often, and {@link #heard} counts it as a pong. An agent heard within the
 * interval is never due, so the backend pings only agents that are silent (dead, cut off, or the
 * original's agents, which send none); a ping costs a connection to the agent (and with CURVE a
 * handshake), a heartbeat a message on a connection that is already open. An agent heard while a ping
 * of it is under way is alive: a failure of that ping does not lose it.
 *
 * <p>{@link #track} replaces an agent's entry (as a re-registration does): the new entry is pinged on
 * the next cycle, and a ping still running for the old one is ignored when it ends.
 *
 * <p>Threading: the clock's one thread (a {@link TimeSource}, the monitor's own unless one is given) runs the cycles, handles every ping result and calls the pong
 * listener; the lost listener runs on a small pool of its own, for several agents at once (it may be
 * called concurrently, never twice for one loss); no thread or socket is held per agent. The link must stay open while the monitor runs; the
 * monitor does not close it.
 */
public final class LivenessMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LivenessMonitor.class);
  private static final int LOST_LISTENER_THREADS = 8;

  private final AgentRequests link;
  private final PingSettings settings;
  private final AgentLostListener lostListener;
  private final PongListener pongListener;
  /** Dates the pongs, decides which agents are due, and runs the cycles and every ping result. */
  private final TimeSource clock;
  /** The source this monitor started for itself (closed with it); null when one was given. */
  private final ScheduledTimeSource ownClock;
  private final Map<String, Agent> agents = new ConcurrentHashMap<>();
  private final TimeSource.Cancellable cycles;
  /** Set by {@link #close()}: work still scheduled on a clock given from outside does nothing then. */
  private volatile boolean stopped;
  /**
   * Runs the lost listener, off the schedule, for several agents at once: each call waits for the
   * inventory (about 7 ms here), so 500 agents lost together took 3.5 s one after another.
   */
  private final ExecutorService listeners;

  /** Starts a scheduler thread of its own, with the system clock, and no pong listener. */
  public LivenessMonitor(AgentRequests link, PingSettings settings, AgentLostListener lostListener) {
    this(link, settings, lostListener, (id, load) -> {});
  }

  /** Starts a scheduler thread of its own, with the system clock. */
  public LivenessMonitor(AgentRequests link, PingSettings settings, AgentLostListener lostListener, PongListener pongListener) {
    this(link, settings, lostListener, pongListener, ScheduledTimeSource.start("liveness-monitor", 1), true);
  }

  /**
   * Starts the cycles on {@code clock}, which must run its work one task at a time (a source of one
   * thread); the caller keeps owning it and closes it after this monitor.
   */
  public LivenessMonitor(
      AgentRequests link,
      PingSettings settings,
      AgentLostListener lostListener,
      PongListener pongListener,
      TimeSource clock) {
    this(link, settings, lostListener, pongListener, clock, false);
  }

  private LivenessMonitor(
      AgentRequests link,
      PingSettings settings,
      AgentLostListener lostListener,
      PongListener pongListener,
      TimeSource clock,
      boolean owned) {
    this.link = Objects.requireNonNull(link, "link is null");
    this.settings = Objects.requireNonNull(settings, "settings is null");
    this.lostListener = Objects.requireNonNull(lostListener, "lostListener is null");
    this.pongListener = Objects.requireNonNull(pongListener, "pongListener is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.ownClock = owned ? (ScheduledTimeSource) clock : null;
    this.listeners =
        Executors.newFixedThreadPool(
            LOST_LISTENER_THREADS,
            Thread.ofPlatform().name("liveness-lost-", 1).daemon().factory());
    Duration cycle = Duration.ofMillis(settings.cycleTime().toMillis());
    this.cycles = clock.scheduleWithFixedDelay(this::cycle, cycle, cycle);
  }

  /**
   * Tracks an agent, replacing any entry for the same id; it is pinged on the next cycle.
   *
   * @param pingAddress the agent's pong socket, e.g. {@code tcp://10.0.0.5:9004}
   */
  public void track(String mercuryId, String pingAddress) {
    Objects.requireNonNull(mercuryId, "mercuryId is null");
    Objects.requireNonNull(pingAddress, "pingAddress is null");
    agents.put(mercuryId, new Agent(mercuryId, pingAddress));
  }

  /**
   * The agent sent a heartbeat: it counts as a pong now.
   *
   * @return whether the agent is tracked (an untracked one must register again)
   */
  public boolean heard(String mercuryId) {
    Agent agent = agents.get(mercuryId);
    if (agent == null) {
      return false;
    }
    agent.lastPong = clock.instant();
    return true;
  }

  /**
   * The agent's own connection to the backend closed: unless it is heard from within {@link
   * PingSettings#afterDisconnect()} (a reconnected agent heartbeats at once), it is pinged then instead of
   * when its interval has passed. A dead agent is so lost after that delay plus the ping's attempts.
   */
  public void connectionClosed(String mercuryId) {
    Agent agent = agents.get(mercuryId);
    if (agent == null || settings.afterDisconnect().isZero()) {
      return;
    }
    Instant closed = clock.instant();
    try {
      clock.schedule(() -> pingIfSilentSince(agent, closed), Duration.ofMillis(settings.afterDisconnect().toMillis()));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed: nothing is pinged any more
    }
  }

  private void pingIfSilentSince(Agent agent, Instant closed) {
    if (stopped || agents.get(agent.mercuryId) != agent || agent.pinging) {
      return; // forgotten, re-registered, or a ping is under way already
    }
    Instant heard = agent.lastPong;
    if (heard != null && heard.isAfter(closed)) {
      return; // it came back on a new connection
    }
    log.debug("agent {}: its connection closed {} ago and it has not been heard since; pinging it", agent.mercuryId, settings.afterDisconnect());
    agent.pinging = true;
    agent.firstAttempt = clock.instant();
    attempt(agent, 0);
  }

  /** How often agents should send a heartbeat; zero when heartbeats are off. */
  public Duration heartbeatInterval() {
    return settings.heartbeat();
  }

  /** Stops tracking an agent; a ping in progress for it is ignored when it ends. */
  public void forget(String mercuryId) {
    agents.remove(mercuryId);
  }

  /** The ids tracked now. */
  public Set<String> tracked() {
    return Set.copyOf(agents.keySet());
  }

  /** When the agent last answered a ping; empty if it never did or is not tracked. */
  public Optional<Instant> lastPong(String mercuryId) {
    Agent agent = agents.get(mercuryId);
    return agent == null ? Optional.empty() : Optional.ofNullable(agent.lastPong);
  }

  /**
   * Stops the cycles (and the scheduler thread, when this monitor started its own); pings in flight are
   * abandoned and no listener is called afterwards.
   */
  @Override
  public void close() {
    stopped = true;
    cycles.cancel();
    if (ownClock != null) {
      ownClock.close();
    }
    listeners.shutdownNow();
    try {
      if (ownClock != null) {
        ownClock.awaitTermination(Duration.ofSeconds(5));
      }
      listeners.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void cycle() {
    if (stopped) {
      return;
    }
    try {
      Instant now = clock.instant();
      int started = 0;
      for (Agent agent : agents.values()) {
        if (started >= settings.maxToSchedule()) {
          log.debug("{} pings started this cycle; the rest wait for the next", started);
          return;
        }
        if (!agent.pinging && isDue(agent, now)) {
          agent.pinging = true;
          agent.firstAttempt = now;
          attempt(agent, 0);
          started++;
        }
      }
    } catch (RuntimeException e) {
      log.error("liveness cycle failed", e); // never let one bad cycle cancel the schedule
    }
  }

  private boolean isDue(Agent agent, Instant now) {
    return agent.lastPong == null
        || Duration.between(agent.lastPong, now).compareTo(settings.interval()) > 0;
  }

  private void attempt(Agent agent, int n) {
    agent.attemptStarted = clock.instant();
    Ping ping = new Ping(MsgPack.epochSeconds(clock.instant()), agent.mercuryId);
    try {
      // onResult handles every outcome; nothing waits on the chain
      var unused = link.request(agent.mercuryId, agent.address, AgentWire.toWire(ping), settings.attemptTimeout(n))
          .whenCompleteAsync((reply, error) -> onResult(agent, n, reply, error), clock);
    } catch (IllegalArgumentException e) {
      lose(agent, "cannot ping " + agent.address + ": " + e.getMessage());
    }
  }

  private void onResult(Agent agent, int n, Object reply, Throwable error) {
    if (stopped || agents.get(agent.mercuryId) != agent) {
      return; // forgotten or re-tracked meanwhile
    }
    String why = error != null ? error.getMessage() : "unexpected reply " + reply;
    if (error == null) {
      try {
        Pong pong = AgentWire.pong(reply);
        if (pong.mercuryId() != null && !pong.mercuryId().equals(agent.mercuryId)) {
          // another agent holds the device's address now (a dead server's address given to a new one)
          lose(agent, "the agent at " + agent.address + " answered as device " + pong.mercuryId() + ", not " + agent.mercuryId);
          return;
        }
        agent.lastPong = clock.instant();
        agent.pinging = false;
        notifyPong(agent, pong.load());
        return;
      } catch (UnexpectedReplyException e) {
        // not a pong: the attempt failed
      }
    }
    agent.lastRefused = error != null && LinkFailures.isRefused(error);
    if (agent.lastRefused) {
      // Nothing listens at the agent's address now. The attempt ended at once (it holds no connection
      // slot), but it counts only when its timeout has passed, so an agent that is restarting has as
      // long to come back as one that does not answer.
      Duration rest = Duration.between(clock.instant(), agent.attemptStarted.plus(settings.attemptTimeout(n)));
      if (rest.toMillis() > 0) {
        log.debug("ping {} to {} refused ({}); it counts as failed in {} ms", n + 1, agent.address, why, rest.toMillis());
        try {
          clock.schedule(() -> attemptFailed(agent, n, why), Duration.ofMillis(rest.toMillis()));
        } catch (java.util.concurrent.RejectedExecutionException e) {
          // closed: nothing is pinged any more
        }
        return;
      }
    }
    if (error != null && LinkFailures.isLocalShortage(error)) {
      // the ping never left this process: it tells nothing about the agent, so it does not count
      log.debug("ping {} to {} not sent ({}); trying again", n + 1, agent.address, why);
      attempt(agent, n);
      return;
    }
    attemptFailed(agent, n, why);
  }

  /** Ping attempt {@code n} failed: the next attempt, or the agent is lost after the last. */
  private void attemptFailed(Agent agent, int n, String why) {
    if (stopped || agents.get(agent.mercuryId) != agent) {
      return; // forgotten or re-tracked meanwhile
    }
    Instant heard = agent.lastPong;
    if (heard != null && heard.isAfter(agent.firstAttempt)) {
      log.debug("ping {} to {} failed ({}), but the agent sent a heartbeat meanwhile", n + 1, agent.address, why);
      agent.pinging = false;
      return;
    }
    log.debug("ping {} of {} to {} failed: {}", n + 1, settings.retries(), agent.address, why);
    if (n + 1 < settings.retries()) {
      attempt(agent, n + 1);
      return;
    }
    Duration spent = Duration.between(agent.firstAttempt, clock.instant());
    lose(
        agent,
        "no pong from "
            + agent.address
            + " after "
            + settings.retries()
            + " attempts over "
            + seconds(spent)
            + (agent.lastRefused ? " (connection refused: no agent listens there)" : ""));
  }

  private void lose(Agent agent, String reason) {
    if (stopped || !agents.remove(agent.mercuryId, agent)) {
      return;
    }
    try (LogScope scope = LogScope.of(LogKeys.MERCURY_ID, agent.mercuryId)) {
      log.warn("agent {} lost: {}", agent.mercuryId, reason);
    }
    // The listener ends the agent's tasks in the store and marks it inactive in the inventory, which can
    // take seconds per agent while either is away; the pinging of every other agent must not wait.
    listeners.execute(
        () -> {
          try (LogScope scope = LogScope.of(LogKeys.MERCURY_ID, agent.mercuryId)) {
            lostListener.agentLost(agent.mercuryId, reason);
          } catch (RuntimeException e) {
            log.error("agent-lost listener failed for {}", agent.mercuryId, e);
          }
        });
  }

  private void notifyPong(Agent agent, List<Double> values) {
    try {
      pongListener.onPong(agent.mercuryId, values);
    } catch (RuntimeException e) {
      log.error("pong listener failed for {}", agent.mercuryId, e);
    }
  }

  private static String seconds(Duration d) {
    double s = d.toMillis() / 1000.0;
    return s < 10 ? String.format(Locale.ROOT, "%.1f s", s) : Math.round(s) + " s";
  }

  /** One tracked agent; {@code pinging} and the attempt times belong to the scheduler thread. */
  private static final class Agent {
    final String mercuryId;
    final String address;
    volatile Instant lastPong;
    boolean pinging;
    Instant firstAttempt;
    Instant attemptStarted;
    boolean lastRefused;

    Agent(String mercuryId, String address) {
      this.mercuryId = mercuryId;
      this.address = address;
    }
  }
}
