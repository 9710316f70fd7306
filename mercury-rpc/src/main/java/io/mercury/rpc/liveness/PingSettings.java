package io.mercury.rpc.liveness;

import java.time.Duration;

/**
 * How the backend pings its agents (the original's {@code backend.ping.*} options).
 *
 * @param interval an agent is pinged again once its last pong is older than this (original 30 s)
 * @param cycleTime how often the monitor looks for agents due a ping (original 10 s)
 * @param initialTimeout how long the first attempt waits for a pong (original 2500 ms)
 * @param retries attempts per ping before the agent is declared lost (original 5)
 * @param backoff exponent of the attempt timeouts, see {@link #attemptTimeout(int)} (original 0.42)
 * @param maxToSchedule at most this many pings are started per cycle. The original's 50 suits a few
 *     hundred agents: a cycle can start at most {@code maxToSchedule} pings, so keeping N agents on
 *     their interval needs {@code maxToSchedule >= N * cycleTime / interval}, about 3,400 for 10,000
 *     agents at the defaults, while 50 would leave each of them unpinged for over half an hour. The
 *     default of 4,000 keeps 12,000 agents on time and still spreads the first pings after a backend
 *     restart over a few cycles; the in-flight bound of the link limits the sockets open at once.
 * @param heartbeat how often a Mercury agent is asked to send a heartbeat over its own connection to
 *     the backend (told in the {@code register} reply); an agent heard within {@code interval} is not
 *     pinged. Zero turns heartbeats off: every agent is pinged, as by the original. Shorter than {@code
 *     interval} (default: two thirds of it), so one late heartbeat does not cause a ping.
 * @param afterDisconnect when a Mercury agent's own connection to the backend closes (its process died,
 *     its host rebooted, or it is reconnecting), the agent is pinged this long after unless it was heard
 *     from meanwhile (a reconnected agent heartbeats at once), instead of when its interval has passed.
 *     Zero: not before its interval. Default 5 s, so a killed agent is lost after about 5 s plus the
 *     ping's attempts (27 s at the defaults) instead of up to interval + cycle + attempts (67 s).
 */
public record PingSettings(
    Duration interval,
    Duration cycleTime,
    Duration initialTimeout,
    int retries,
    double backoff,
    int maxToSchedule,
    Duration heartbeat,
    Duration afterDisconnect) {

  /** The default of {@link #afterDisconnect()}. */
  public static final Duration DEFAULT_AFTER_DISCONNECT = Duration.ofSeconds(5);

  public PingSettings {
    requirePositive(interval, "interval");
    requirePositive(cycleTime, "cycleTime");
    requirePositive(initialTimeout, "initialTimeout");
    if (retries < 1) {
      throw new IllegalArgumentException("retries must be at least 1, got " + retries);
    }
    if (!(backoff >= 0) || Double.isInfinite(backoff)) {
      throw new IllegalArgumentException("backoff must be a finite number >= 0, got " + backoff);
    }
    if (maxToSchedule < 1) {
      throw new IllegalArgumentException("maxToSchedule must be at least 1, got " + maxToSchedule);
    }
    if (heartbeat == null || heartbeat.isNegative() || heartbeat.compareTo(interval) >= 0) {
      throw new IllegalArgumentException(
          "heartbeat must be shorter than the ping interval (" + interval.toMillis() / 1000.0
              + " s), or 0 to turn heartbeats off; got " + heartbeat);
    }
    if (afterDisconnect == null || afterDisconnect.isNegative()) {
      throw new IllegalArgumentException("afterDisconnect must be 0 or more, got " + afterDisconnect);
    }
  }

  /** Settings with a ping {@link #DEFAULT_AFTER_DISCONNECT} after an agent's connection closed. */
  public PingSettings(
      Duration interval, Duration cycleTime, Duration initialTimeout, int retries, double backoff, int maxToSchedule, Duration heartbeat) {
    this(interval, cycleTime, initialTimeout, retries, backoff, maxToSchedule, heartbeat, DEFAULT_AFTER_DISCONNECT);
  }

  /** Settings with heartbeats every two thirds of {@code interval}. */
  public PingSettings(
      Duration interval, Duration cycleTime, Duration initialTimeout, int retries, double backoff, int maxToSchedule) {
    this(interval, cycleTime, initialTimeout, retries, backoff, maxToSchedule, twoThirds(interval));
  }

  /** These settings with another heartbeat interval (zero: none). */
  public PingSettings withHeartbeat(Duration heartbeat) {
    return new PingSettings(interval, cycleTime, initialTimeout, retries, backoff, maxToSchedule, heartbeat, afterDisconnect);
  }

  /** These settings with another {@link #afterDisconnect()} (zero: none). */
  public PingSettings withAfterDisconnect(Duration afterDisconnect) {
    return new PingSettings(interval, cycleTime, initialTimeout, retries, backoff, maxToSchedule, heartbeat, afterDisconnect);
  }

  /** Whether agents are asked for heartbeats. */
  public boolean heartbeats() {
    return !heartbeat.isZero();
  }

  private static Duration twoThirds(Duration interval) {
    return interval == null ? null : Duration.ofMillis(interval.toMillis() * 2 / 3);
  }

  /** The original's values, except {@code maxToSchedule} (see above), with heartbeats every 20 s. */
  public static PingSettings defaults() {
    return new PingSettings(
        Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMillis(2500), 5, 0.42, 4000);
  }

  /**
   * The timeout of attempt {@code n} (from 0): {@code initial} for the first, then {@code initial +
   * initial * n^backoff} whole milliseconds; at the defaults 2500, 5000, 5844, 6465, 6975 ms.
   */
  public Duration attemptTimeout(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("attempt must be >= 0, got " + n);
    }
    long initial = initialTimeout.toMillis();
    return n == 0
        ? Duration.ofMillis(initial)
        : Duration.ofMillis(initial + (long) (initial * Math.pow(n, backoff)));
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
