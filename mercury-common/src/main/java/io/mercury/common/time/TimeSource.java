package io.mercury.common.time;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executor;

/**
 * The clock and the timers of a component: what time it is ({@link #instant()}, and a monotonic {@link
 * #nanos()} for measuring durations), and running work later ({@link #schedule}), every so often
 * ({@link #scheduleWithFixedDelay}) or soon ({@link #execute}).
 *
 * <p>Components take one instead of creating their own {@code ScheduledExecutorService} and reading
 * {@code System.nanoTime()}, so their tests move time by hand (the test-jar's {@code ManualTimeSource})
 * instead of waiting for it. In production it is a {@link ScheduledTimeSource}.
 *
 * <p>Threading: every method may be called from any thread. Work submitted to one source runs on that
 * source's threads; a source of one thread runs it in order, one task at a time.
 */
public interface TimeSource extends InstantSource, Executor {

  /** A monotonic reading in nanoseconds, for measuring elapsed time only (as {@link System#nanoTime()}). */
  long nanos();

  /**
   * Runs {@code task} once after {@code delay}.
   *
   * @throws java.util.concurrent.RejectedExecutionException when the source is closed
   */
  Cancellable schedule(Runnable task, Duration delay);

  /**
   * Runs {@code task} after {@code initialDelay}, then again {@code delay} after each run ends, until
   * cancelled. A task that throws is not run again (as with a {@code ScheduledExecutorService}).
   *
   * @throws java.util.concurrent.RejectedExecutionException when the source is closed
   */
  Cancellable scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay);

  /**
   * Runs {@code task} soon, on this source's threads.
   *
   * @throws java.util.concurrent.RejectedExecutionException when the source is closed
   */
  @Override
  void execute(Runnable task);

  /** A scheduled task that can be called off. */
  @FunctionalInterface
  interface Cancellable {
    /** Stops the task from running (again); a run under way is not interrupted. Returns whether it was stopped now. */
    boolean cancel();
  }
}
