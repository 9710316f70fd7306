package io.mercury.common.time;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The waits of a loop that retries until something answers: exponential back-off with "equal" jitter.
 *
 * <p>A ceiling starts at {@code first} and doubles after each wait, up to {@code max}; each wait is drawn
 * uniformly from {@code [ceiling/2, ceiling]}. Without the draw, agents restarted together (a rack
 * power-cycled, a fleet upgraded) that lose their backend together would retry at the same instants,
 * 1, 2, 4 … s later, and reach it in bursts when it returns. With it they spread out, and a retry still
 * comes no later than plain doubling would bring it and no sooner than half of that. Full jitter
 * ({@code [0, ceiling]}) spreads more but can retry at once, which a loop retrying a refused connection
 * should not.
 *
 * <p>The randomness is a constructor argument, so tests draw from a seeded generator. Threading: not
 * thread-safe; each retry loop owns one (they are cheap).
 */
public final class Backoff {
  /** Draws on the calling thread's generator, so a Backoff built on one thread may be used on another. */
  private static final RandomGenerator THREAD_LOCAL = () -> ThreadLocalRandom.current().nextLong();

  private final Duration first;
  private final Duration max;
  private final RandomGenerator random;
  private Duration ceiling;

  /** A back-off from {@code first} doubling up to {@code max}, drawing on the thread's own generator. */
  public Backoff(Duration first, Duration max) {
    this(first, max, THREAD_LOCAL);
  }

  /**
   * A back-off from {@code first} doubling up to {@code max}, drawing its waits from {@code random}.
   *
   * @throws IllegalArgumentException when {@code first} is negative or longer than {@code max}
   */
  public Backoff(Duration first, Duration max, RandomGenerator random) {
    this.first = Objects.requireNonNull(first, "first is null");
    this.max = Objects.requireNonNull(max, "max is null");
    this.random = Objects.requireNonNull(random, "random is null");
    if (first.isNegative() || first.compareTo(max) > 0) {
      throw new IllegalArgumentException("first must be between 0 and max (" + max + "), was " + first);
    }
    this.ceiling = first;
  }

  /** The wait before the next attempt, in {@code [ceiling/2, ceiling]}; the ceiling then doubles, up to max. */
  public Duration next() {
    long nanos = ceiling.toNanos();
    ceiling = ceiling.compareTo(max.dividedBy(2)) >= 0 ? max : ceiling.multipliedBy(2);
    return Duration.ofNanos(nanos - random.nextLong(nanos / 2 + 1));
  }

  /** Starts again from {@code first}: call it once an attempt succeeded. */
  public void reset() {
    ceiling = first;
  }

  @Override
  public String toString() {
    return "Backoff[first=" + first + ", max=" + max + ", ceiling=" + ceiling + "]";
  }
}
