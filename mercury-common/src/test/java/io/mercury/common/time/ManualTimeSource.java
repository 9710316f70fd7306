package io.mercury.common.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A {@link TimeSource} for tests: time stands still until the test {@link #advance advances} it, and
 * then the tasks that fell due run on the test's own thread, in the order of their due times (in the
 * order they were scheduled for equal times). {@link #execute} queues a task due now; it runs at the
 * next {@link #advance} or {@link #runDue()}.
 *
 * <p>So a test of timeouts, back-offs and AWOL detection takes no time and cannot be late: "the agent
 * is lost after two 1 s attempts" is {@code advance(Duration.ofSeconds(2))} and an assertion.
 *
 * <p>Threading: tasks may be scheduled from any thread (a component's socket thread completing a
 * future, say), but only one thread advances the time; a task must not advance it itself.
 */
public final class ManualTimeSource implements TimeSource {
  private final PriorityQueue<Timer> queue =
      new PriorityQueue<>(Comparator.comparingLong((Timer t) -> t.due).thenComparingLong(t -> t.seq));
  private long now;
  private long seq;
  private final Instant epoch;
  private boolean advancing;

  /** Starts at 2026-01-01T00:00:00Z. */
  public ManualTimeSource() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** Starts at {@code start}. */
  public ManualTimeSource(Instant start) {
    this.epoch = Objects.requireNonNull(start, "start is null");
  }

  @Override
  public synchronized Instant instant() {
    return epoch.plusNanos(now);
  }

  @Override
  public synchronized long nanos() {
    return now;
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    return add(task, delay, null);
  }

  @Override
  public Cancellable scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
    if (!delay.isPositive()) {
      throw new IllegalArgumentException("delay must be positive, was " + delay);
    }
    return add(task, initialDelay, delay);
  }

  @Override
  public void execute(Runnable task) {
    add(task, Duration.ZERO, null);
  }

  private synchronized Timer add(Runnable task, Duration delay, Duration repeat) {
    Timer timer = new Timer(Objects.requireNonNull(task, "task is null"), now + Math.max(0, delay.toNanos()), seq++, repeat);
    queue.add(timer);
    return timer;
  }

  /**
   * Moves time forward by {@code by}, running each task as its due time is reached (the clock reads
   * that time while it runs), including tasks those tasks schedule within the span. A task that throws
   * is not run again, and the exception is thrown from here once time has reached its end.
   */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time does not go back: " + by);
    }
    long target;
    synchronized (this) {
      if (advancing) {
        throw new IllegalStateException("a task advanced the time it runs in");
      }
      advancing = true;
      target = now + by.toNanos();
    }
    RuntimeException failure = null;
    try {
      while (true) {
        Timer next;
        synchronized (this) {
          next = queue.peek();
          if (next == null || next.due > target) {
            now = target;
            break;
          }
          queue.poll();
          now = next.due;
        }
        if (next.cancelled) {
          continue;
        }
        try {
          next.task.run();
          synchronized (this) {
            if (next.repeat != null && !next.cancelled) {
              next.due = now + next.repeat.toNanos();
              next.seq = seq++;
              queue.add(next);
            }
          }
        } catch (RuntimeException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
    } finally {
      synchronized (this) {
        advancing = false;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Runs the tasks due now (those {@link #execute}d included) without moving time. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** How many tasks wait to run (cancelled ones not counted). */
  public synchronized int pending() {
    return (int) queue.stream().filter(t -> !t.cancelled).count();
  }

  @Override
  public String toString() {
    return "ManualTimeSource[" + instant() + ", " + pending() + " pending]";
  }

  private static final class Timer implements Cancellable {
    final Runnable task;
    final Duration repeat;
    long due;
    long seq;
    volatile boolean cancelled;

    Timer(Runnable task, long due, long seq, Duration repeat) {
      this.task = task;
      this.due = due;
      this.seq = seq;
      this.repeat = repeat;
    }

    @Override
    public boolean cancel() {
      boolean was = cancelled;
      cancelled = true;
      return !was;
    }
  }
}
