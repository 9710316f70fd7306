package io.mercury.common.time;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
  /** Always draws the top of the range: the waits are the plain doubling. */
  private static final RandomGenerator TOP = () -> 0L;

  private static final List<Duration> CEILINGS =
      List.of(ofSeconds(1), ofSeconds(2), ofSeconds(4), ofSeconds(8), ofSeconds(16), ofSeconds(30), ofSeconds(30), ofSeconds(30));

  @Test
  void withoutJitterTheWaitsDoubleUpToTheMaximum() {
    assertThat(waits(new Backoff(ofSeconds(1), ofSeconds(30), TOP), 8)).isEqualTo(CEILINGS);
  }

  @Test
  void eachWaitLiesBetweenHalfItsCeilingAndItsCeiling() {
    for (long seed = 0; seed < 50; seed++) {
      List<Duration> waits = waits(new Backoff(ofSeconds(1), ofSeconds(30), new SplittableRandom(seed)), CEILINGS.size());
      for (int i = 0; i < waits.size(); i++) {
        assertThat(waits.get(i)).isBetween(CEILINGS.get(i).dividedBy(2), CEILINGS.get(i));
      }
    }
  }

  @Test
  void resetStartsAgainFromTheFirstWait() {
    Backoff backoff = new Backoff(ofMillis(500), ofSeconds(30), TOP);
    waits(backoff, 5);
    backoff.reset();
    assertThat(waits(backoff, 3)).containsExactly(ofMillis(500), ofSeconds(1), ofSeconds(2));
  }

  @Test
  void differentSeedsSpreadTheRetries() {
    List<Duration> a = waits(new Backoff(ofSeconds(1), ofSeconds(30), new SplittableRandom(1)), 8);
    List<Duration> b = waits(new Backoff(ofSeconds(1), ofSeconds(30), new SplittableRandom(2)), 8);
    assertThat(a).isNotEqualTo(b);
    assertThat(a).isEqualTo(waits(new Backoff(ofSeconds(1), ofSeconds(30), new SplittableRandom(1)), 8));
  }

  @Test
  void aMaximumBelowTheDoublingCapsTheFirstWaitToo() {
    assertThat(waits(new Backoff(ofMillis(100), ofMillis(100), TOP), 3)).containsOnly(ofMillis(100));
    assertThat(waits(new Backoff(Duration.ZERO, Duration.ZERO, new SplittableRandom(3)), 3)).containsOnly(Duration.ZERO);
  }

  @Test
  void theDefaultGeneratorStaysWithinBoundsToo() {
    Backoff backoff = new Backoff(ofMillis(100), ofSeconds(5));
    for (Duration ceiling : List.of(ofMillis(100), ofMillis(200), ofMillis(400))) {
      assertThat(backoff.next()).isBetween(ceiling.dividedBy(2), ceiling);
    }
  }

  @Test
  void aFirstWaitLongerThanTheMaximumIsRejected() {
    assertThatThrownBy(() -> new Backoff(ofSeconds(2), ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("first must be between 0 and max");
    assertThatThrownBy(() -> new Backoff(ofSeconds(-1), ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Duration> waits(Backoff backoff, int n) {
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      waits.add(backoff.next());
    }
    return waits;
  }
}
