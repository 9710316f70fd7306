package io.mercury.common.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualTimeSourceTest {
  private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-05-01T00:00:00Z"));
  private final List<String> ran = new ArrayList<>();

  @Test
  void timeMovesOnlyWhenAdvancedAndTasksRunInDueOrderAtTheirTime() {
    time.schedule(() -> ran.add("b@" + time.nanos()), Duration.ofSeconds(2));
    time.schedule(() -> ran.add("a@" + time.nanos()), Duration.ofSeconds(1));
    time.schedule(() -> ran.add("c"), Duration.ofSeconds(3));

    time.advance(Duration.ofMillis(2500));

    assertThat(ran).containsExactly("a@1000000000", "b@2000000000");
    assertThat(time.instant()).isEqualTo(Instant.parse("2026-05-01T00:00:02.500Z"));
    assertThat(time.pending()).isEqualTo(1);
  }

  @Test
  void fixedDelayRepeatsUntilCancelledAndCancelledTasksDoNotRun() {
    TimeSource.Cancellable every = time.scheduleWithFixedDelay(() -> ran.add("tick@" + time.nanos() / 1_000_000), Duration.ofMillis(100), Duration.ofMillis(200));
    TimeSource.Cancellable never = time.schedule(() -> ran.add("never"), Duration.ofMillis(50));
    assertThat(never.cancel()).isTrue();

    time.advance(Duration.ofMillis(500));
    assertThat(every.cancel()).isTrue();
    time.advance(Duration.ofSeconds(5));

    assertThat(ran).containsExactly("tick@100", "tick@300", "tick@500");
    assertThat(time.pending()).isZero();
  }

  @Test
  void tasksScheduledByTasksWithinTheSpanRunInItAndExecutedOnesWaitForRunDue() {
    time.schedule(() -> time.schedule(() -> ran.add("inner@" + time.nanos() / 1_000_000), Duration.ofMillis(10)), Duration.ofMillis(10));
    time.advance(Duration.ofMillis(20));
    time.execute(() -> ran.add("soon"));
    assertThat(ran).containsExactly("inner@20");

    time.runDue();

    assertThat(ran).containsExactly("inner@20", "soon");
  }

  @Test
  void aFailingTaskIsReportedAfterTheRestRanAndTimeCannotGoBack() {
    time.schedule(() -> { throw new IllegalStateException("boom"); }, Duration.ofMillis(1));
    time.schedule(() -> ran.add("after"), Duration.ofMillis(2));

    assertThatThrownBy(() -> time.advance(Duration.ofMillis(3))).hasMessage("boom");
    assertThat(ran).containsExactly("after");
    assertThatThrownBy(() -> time.advance(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
