package io.mercury.rpc.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PingSettingsTest {
  @Test
  void attemptTimeoutsMatchTheOriginal() {
    PingSettings defaults = PingSettings.defaults();
    assertThat(IntStream.range(0, 5).mapToObj(defaults::attemptTimeout).map(Duration::toMillis))
        .containsExactly(2500L, 5000L, 5844L, 6465L, 6975L);
  }

  @Test
  void defaultsAreTheOriginalsExceptTheSchedulingCap() {
    PingSettings d = PingSettings.defaults();
    assertThat(d.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.cycleTime()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.initialTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(d.retries()).isEqualTo(5);
    assertThat(d.backoff()).isEqualTo(0.42);
    // enough to keep 10,000 agents on a 30 s interval with 10 s cycles
    assertThat(d.maxToSchedule() * d.interval().toSeconds() / d.cycleTime().toSeconds())
        .isGreaterThanOrEqualTo(10_000);
  }

  @Test
  void nonsenseIsRefused() {
    Duration s = Duration.ofSeconds(1);
    assertThatThrownBy(() -> new PingSettings(Duration.ZERO, s, s, 5, 0.42, 10))
        .hasMessageContaining("interval must be positive");
    assertThatThrownBy(() -> new PingSettings(s, s, s, 0, 0.42, 10))
        .hasMessageContaining("retries must be at least 1");
    assertThatThrownBy(() -> new PingSettings(s, s, s, 5, Double.NaN, 10))
        .hasMessageContaining("backoff");
    assertThatThrownBy(() -> new PingSettings(s, s, s, 5, 0.42, 10, s))
        .hasMessageContaining("heartbeat must be shorter than the ping interval");
    assertThat(new PingSettings(s, s, s, 5, 0.42, 10, Duration.ZERO).heartbeats()).isFalse();
    assertThat(new PingSettings(s, s, s, 5, 0.42, 10).heartbeat()).isEqualTo(Duration.ofMillis(s.toMillis() * 2 / 3));
    assertThatThrownBy(() -> new PingSettings(s, s, s, 5, 0.42, 0))
        .hasMessageContaining("maxToSchedule");
    assertThatThrownBy(() -> PingSettings.defaults().attemptTimeout(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
