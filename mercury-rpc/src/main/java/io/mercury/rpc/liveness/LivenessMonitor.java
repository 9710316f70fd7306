package io.mercury.rpc.liveness;

import io.mercury.common.logging.LogKeys;
import io.mercury.common.logging.LogScope;
import io.mercury.rpc.backend.AgentRequests;
import io.mercury.rpc.backend.AgentWatch;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings every tracked agent's pong socket and reports the ones that stop answering.
 *
 * <p>Cheap at 10,000 agents: no thread or socket per agent. One timer thread decides, each cycle, who is
 * due; the pings travel on the shared agent link (one socket loop, short-lived sockets); replies are
 * handled on the link's completion and never block the timer.
 */
public final class LivenessMonitor implements AgentWatch, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LivenessMonitor.class);

  private final AgentRequests link;
  private final PingSettings settings;
  private final InstantSource clock;
  private final BiConsumer<String, String> onLost;
  private final Map<String, Entry> agents = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "liveness");
            t.setDaemon(true);
            return t;
          });

  /** One tracked agent; {@code lastPong} null until its first pong. */
  private static final class Entry {
    final String mercuryId;
    final String address;
    volatile Instant lastPong;
    volatile boolean pinging;

    Entry(String mercuryId, String address) {
      this.mercuryId = mercuryId;
      this.address = address;
    }
  }

  /**
   * @param onLost called with {@code (mercury_id, reason)} once an agent failed every attempt; it is
   *     no longer tracked by then
   */
  public LivenessMonitor(AgentRequests link, PingSettings settings, InstantSource clock, BiConsumer<String, String> onLost) {
    this.link = link;
    this.settings = settings;
    this.clock = clock;
    this.onLost = onLost;
    long cycle = settings.cycleTime().toMillis();
    timer.scheduleWithFixedDelay(this::cycleGuarded, cycle, cycle, TimeUnit.MILLISECONDS);
  }

  /** Tracks an agent (replacing what was known of it); it is pinged on the next cycle. */
  @Override
  public void track(String mercuryId, String pingAddress) {
    agents.put(mercuryId, new Entry(mercuryId, pingAddress));
  }

  @Override
  public void forget(String mercuryId) {
    agents.remove(mercuryId);
  }

  public int tracked() {
    return agents.size();
  }

  /** When the agent last answered, if it ever did since it was tracked. */
  public Instant lastPong(String mercuryId) {
    Entry e = agents.get(mercuryId);
    return e == null ? null : e.lastPong;
  }

  private void cycleGuarded() {
    try {
      cycle();
    } catch (RuntimeException e) {
      log.warn("ping cycle failed: {}", e.getMessage(), e);
    }
  }

  private void cycle() {
    Instant now = clock.instant();
    Instant due = now.minus(settings.interval());
    int started = 0;
    for (Entry e : agents.values()) {
      if (started >= settings.maxToSchedule()) {
        log.info("ping cycle: {} pings started, the rest wait for the next cycle", started);
        return;
      }
      if (!e.pinging && (e.lastPong == null || e.lastPong.isBefore(due))) {
        e.pinging = true;
        started++;
        attempt(e, 0);
      }
    }
  }

  private void attempt(Entry e, int n) {
    Map<String, Object> ping = new LinkedHashMap<>();
    ping.put("message", "ping");
    ping.put("timestamp", clock.millis() / 1000.0);
    Duration timeout = settings.attemptTimeout(n);
    link.request(e.address, ping, timeout)
        .whenComplete(
            (reply, error) -> {
              if (agents.get(e.mercuryId) != e) {
                return; // forgotten or registered again meanwhile
              }
              if (error == null && reply instanceof Map<?, ?>) {
                e.lastPong = clock.instant();
                e.pinging = false;
              } else if (n + 1 < settings.retries()) {
                attempt(e, n + 1);
              } else {
                lost(e);
              }
            });
  }

  private void lost(Entry e) {
    if (!agents.remove(e.mercuryId, e)) {
      return;
    }
    String reason =
        "no pong from " + e.address + " after " + settings.retries() + " attempts over "
            + settings.totalAttemptTime().toMillis() / 1000.0 + " s"
            + (e.lastPong == null ? " (it never answered)" : " (last pong " + e.lastPong + ")");
    try (LogScope scope = LogScope.of(LogKeys.MERCURY_ID, e.mercuryId)) {
      log.warn("agent lost: {}", reason);
    }
    timer.execute(() -> onLost.accept(e.mercuryId, reason));
  }

  @Override
  public void close() {
    timer.shutdownNow();
    agents.clear();
  }
}
