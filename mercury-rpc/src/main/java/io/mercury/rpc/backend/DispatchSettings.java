package io.mercury.rpc.backend;

import java.time.Duration;

/**
 * How the backend hands tasks to agents.
 *
 * @param attemptTimeout how long one dispatch waits for the agent's acceptance
 * @param attempts dispatch attempts before a task fails as undeliverable
 * @param firstRetry wait before the second attempt; doubles each time, up to 30 s
 * @param timeoutGrace how long after a task's timeout the backend gives the agent to report TIMEOUT
 *     itself before it marks the task TIMEOUT
 * @param resendAfter a dispatched task that has not started after this long is sent again (the agent
 *     ignores a task it already has)
 * @param sweepInterval how often the store is searched for open tasks this backend does not track
 * @param dispatchedHold how long the store write of DISPATCHED waits for the agent's STARTED (or
 *     result) so that they are one update ({@link io.mercury.rpc.store.RpcStore#transitionHeld}); a
 *     backend that dies within it leaves the task NEW in the store, which its restart sends again
 */
public record DispatchSettings(
    Duration attemptTimeout,
    int attempts,
    Duration firstRetry,
    Duration timeoutGrace,
    Duration resendAfter,
    Duration sweepInterval,
    Duration dispatchedHold) {
  /** The default {@link #dispatchedHold}. */
  public static final Duration DISPATCHED_HOLD = Duration.ofMillis(200);

  /** The settings with the default {@link #dispatchedHold}. */
  public DispatchSettings(
      Duration attemptTimeout, int attempts, Duration firstRetry, Duration timeoutGrace, Duration resendAfter, Duration sweepInterval) {
    this(attemptTimeout, attempts, firstRetry, timeoutGrace, resendAfter, sweepInterval, DISPATCHED_HOLD);
  }

  public static DispatchSettings defaults() {
    return new DispatchSettings(
        Duration.ofSeconds(5),
        5,
        Duration.ofSeconds(1),
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        Duration.ofSeconds(30));
  }

  /** These settings with another {@link #dispatchedHold}. */
  public DispatchSettings withDispatchedHold(Duration hold) {
    return new DispatchSettings(attemptTimeout, attempts, firstRetry, timeoutGrace, resendAfter, sweepInterval, hold);
  }

  Duration retryDelay(int attempt) {
    long ms = firstRetry.toMillis() << Math.min(attempt - 1, 16);
    return Duration.ofMillis(Math.min(ms, 30_000));
  }
}
