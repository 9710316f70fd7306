package io.mercury.common.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ScheduledTimeSourceTest {
  @Test
  void runsScheduledWorkOnItsNamedDaemonThreadAndStopsWhenClosed() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    AtomicReference<Thread> on = new AtomicReference<>();
    try (ScheduledTimeSource time = ScheduledTimeSource.start("test-timer", 1)) {
      long before = time.nanos();
      time.schedule(() -> { on.set(Thread.currentThread()); ran.countDown(); }, Duration.ofMillis(5));
      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(time.nanos() - before).isGreaterThanOrEqualTo(Duration.ofMillis(5).toNanos());
      time.close();
      assertThat(time.awaitTermination(Duration.ofSeconds(5))).isTrue();
    }
    assertThat(on.get().getName()).isEqualTo("test-timer");
    assertThat(on.get().isDaemon()).isTrue();
  }
}
