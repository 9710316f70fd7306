package io.mercury.common.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link TimeSource}: the system clock, {@link System#nanoTime()}, and a {@link
 * ScheduledExecutorService} of its own daemon threads.
 *
 * <p>Whoever creates one owns it and closes it; closing stops its threads and drops the work not yet
 * started.
 */
public final class ScheduledTimeSource implements TimeSource, AutoCloseable {
  private final ScheduledExecutorService executor;

  private ScheduledTimeSource(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  /**
   * A source of {@code threads} daemon threads, named {@code name} when there is one, else {@code name}
   * followed by 1, 2 …
   */
  public static ScheduledTimeSource start(String name, int threads) {
    Objects.requireNonNull(name, "name is null");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    Thread.Builder.OfPlatform builder = Thread.ofPlatform().daemon();
    builder = threads == 1 ? builder.name(name) : builder.name(name, 1);
    return new ScheduledTimeSource(Executors.newScheduledThreadPool(threads, builder.factory()));
  }

  @Override
  public Instant instant() {
    return Instant.now();
  }

  @Override
  public long millis() {
    return System.currentTimeMillis();
  }

  @Override
  public long nanos() {
    return System.nanoTime();
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    return cancellable(executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS));
  }

  @Override
  public Cancellable scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
    return cancellable(executor.scheduleWithFixedDelay(task, initialDelay.toNanos(), delay.toNanos(), TimeUnit.NANOSECONDS));
  }

  @Override
  public void execute(Runnable task) {
    executor.execute(task);
  }

  private static Cancellable cancellable(ScheduledFuture<?> future) {
    return () -> future.cancel(false);
  }

  /**
   * Waits up to {@code timeout} for the threads to end after {@link #close()}; returns whether they did.
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Stops the threads: work not yet started is dropped, work under way is interrupted. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
