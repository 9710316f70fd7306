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
 * @param dispatchedIdleHold how long the store write of DISPATCHED waits for the agent's STARTED (or
 *     result), so that they are one update, when the store has nothing else to write ({@link
 *     io.mercury.rpc.store.TransitionWriter#transitionHeld})
 * @param dispatchedHold the longest it waits when the store is busy; a backend that dies within the
 *     hold leaves the task NEW in the store, and its restart sends it again (the agent answers a
 *     duplicate)
 */
public record DispatchSettings(
    Duration attemptTimeout,
    int attempts,
    Duration firstRetry,
    Duration timeoutGrace,
    Duration resendAfter,
    Duration sweepInterval,
    Duration dispatchedIdleHold,
    Duration dispatchedHold) {
  /**
   * The default {@link #dispatchedIdleHold}: longer than a Mercury agent holds a task's STARTED for its
   * result (50 ms, {@code ResultReporter.STARTED_HOLD}) plus the report's way, so that DISPATCHED shares
   * the update of the agent's first report however long the task runs. At 10 ms a third of echo jobs on
   * an idle stack wrote DISPATCHED alone, and their result waited behind that write.
   */
  public static final Duration DISPATCHED_IDLE_HOLD = Duration.ofMillis(100);
  /** The default {@link #dispatchedHold}. */
  public static final Duration DISPATCHED_HOLD = Duration.ofSeconds(10);

  /** The settings with the default holds of DISPATCHED. */
  public DispatchSettings(
      Duration attemptTimeout, int attempts, Duration firstRetry, Duration timeoutGrace, Duration resendAfter, Duration sweepInterval) {
    this(attemptTimeout, attempts, firstRetry, timeoutGrace, resendAfter, sweepInterval, DISPATCHED_IDLE_HOLD, DISPATCHED_HOLD);
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

  /**
   * The wait before the attempt after {@code attempt} failed, {@code spent} after it was sent. An
   * attempt that was {@code refused} (nothing listened at the agent's address) ended at once: the next
   * also waits the rest of its timeout, so an agent that is restarting has as long to come back as when
   * its attempts time out.
   */
  Duration retryDelay(int attempt, boolean refused, Duration spent) {
    Duration delay = retryDelay(attempt);
    Duration rest = attemptTimeout.minus(spent);
    return refused && !rest.isNegative() ? delay.plus(rest) : delay;
  }

  Duration retryDelay(int attempt) {
    long ms = firstRetry.toMillis() << Math.min(attempt - 1, 16);
    return Duration.ofMillis(Math.min(ms, 30_000));
  }
}
