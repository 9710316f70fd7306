package io.mercury.cli.command.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobWaiterPauseTest {
  @Test
  void pollsSoonAtFirstThenAQuarterOfTheWaitUpToHalfASecond() {
    assertThat(JobWaiter.pause(Duration.ZERO)).isEqualTo(Duration.ofMillis(20));
    assertThat(JobWaiter.pause(Duration.ofMillis(60))).isEqualTo(Duration.ofMillis(20));
    assertThat(JobWaiter.pause(Duration.ofMillis(200))).isEqualTo(Duration.ofMillis(50));
    assertThat(JobWaiter.pause(Duration.ofMillis(1200))).isEqualTo(Duration.ofMillis(300));
    assertThat(JobWaiter.pause(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(500));
    assertThat(JobWaiter.pause(Duration.ofMinutes(10))).isEqualTo(Duration.ofMillis(500));
  }
}
