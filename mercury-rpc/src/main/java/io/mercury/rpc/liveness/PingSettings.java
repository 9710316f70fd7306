package io.mercury.rpc.liveness;

import java.time.Duration;

/**
 * How the backend pings agents, with the original's parameters (reference §7.7): every {@code cycleTime}
 * it pings each agent last heard from more than {@code interval} ago; a ping makes up to {@code retries}
 * attempts, attempt n waiting {@link #attemptTimeout(int)}; at most {@code maxToSchedule} pings start per
 * cycle.
 *
 * <p>The original scheduled at most 50 pings per cycle, which cannot keep up with more than 1,500 agents
 * at a 30 s interval and 10 s cycle; the default here is 5,000, enough for 15,000 agents, and the pings
 * themselves share one socket loop.
 */
public record PingSettings(
    Duration interval, Duration cycleTime, Duration initialTimeout, int retries, double backoff, int maxToSchedule) {
  public PingSettings {
    if (retries < 1) {
      throw new IllegalArgumentException("ping retries must be at least 1, was " + retries);
    }
    if (maxToSchedule < 1) {
      throw new IllegalArgumentException("ping max_to_schedule must be at least 1, was " + maxToSchedule);
    }
    if (cycleTime.isZero() || cycleTime.isNegative() || initialTimeout.isZero() || initialTimeout.isNegative()) {
      throw new IllegalArgumentException("ping cycle_time and initial_timeout must be positive");
    }
  }

  public static PingSettings defaults() {
    return new PingSettings(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMillis(2500), 5, 0.42, 5000);
  }

  /** The wait of attempt {@code n} (from 0): {@code initial} for 0, {@code initial + initial * n^backoff} after. */
  public Duration attemptTimeout(int n) {
    long initial = initialTimeout.toMillis();
    return n == 0 ? initialTimeout : Duration.ofMillis(initial + Math.round(initial * Math.pow(n, backoff)));
  }

  /** The longest a lost agent can take to be declared lost once its ping starts. */
  public Duration totalAttemptTime() {
    Duration total = Duration.ZERO;
    for (int n = 0; n < retries; n++) {
      total = total.plus(attemptTimeout(n));
    }
    return total;
  }
}
