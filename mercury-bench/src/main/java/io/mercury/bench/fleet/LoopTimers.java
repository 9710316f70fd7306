package io.mercury.bench.fleet;

import java.util.PriorityQueue;

/**
 * The delayed actions of a simulated fleet's loop (a task's completion, the next heartbeat, a retry after a
 * back-off), due on {@link System#nanoTime}.
 *
 * <p>Actions due at the same time run in the order they were scheduled; an action may schedule more, and
 * one already due runs in the same {@link #runDue} pass.
 *
 * <p>Threading: not thread-safe; only the loop thread that owns the fleet's sockets calls it.
 */
public final class LoopTimers {
  private record Timed(long due, long seq, Runnable action) {}

  private final PriorityQueue<Timed> timers =
      new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
  private long seq;

  /** Runs {@code action} on the loop thread once {@code nanos} have passed. */
  public void after(long nanos, Runnable action) {
    timers.add(new Timed(System.nanoTime() + nanos, seq++, action));
  }

  /** How long the loop may wait for its sockets at {@code now}: at most {@code maxMillis}, less if a timer is due sooner. */
  public long pollMillis(long now, long maxMillis) {
    if (timers.isEmpty()) {
      return maxMillis;
    }
    return Math.max(0, Math.min(maxMillis, (timers.peek().due - now) / 1_000_000));
  }

  /** Runs every action due at {@code now}. */
  public void runDue(long now) {
    while (!timers.isEmpty() && timers.peek().due - now <= 0) {
      timers.poll().action().run();
    }
  }
}
