package io.mercury.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimesTest {
  @Test
  void utcIsIsoToTheSecondWithZ() {
    assertThat(Times.utc(1.7966011912349126E9)).isEqualTo("2026-12-06T23:53:11Z");
    assertThat(Times.utc(null)).isEqualTo("-");
  }

  @Test
  void spansAreAsShortAsTheyCanBe() {
    assertThat(Times.span(Duration.ofMillis(0))).isEqualTo("0.0s");
    assertThat(Times.span(Duration.ofMillis(640))).isEqualTo("0.6s");
    assertThat(Times.span(Duration.ofMillis(59_940))).isEqualTo("59.9s");
    assertThat(Times.span(Duration.ofSeconds(123))).isEqualTo("2m03s");
    assertThat(Times.span(Duration.ofMinutes(62))).isEqualTo("1h02m");
    assertThat(Times.span(Duration.ofHours(76))).isEqualTo("3d04h");
    assertThat(Times.span(Duration.ofSeconds(-2))).isEqualTo("0.0s");
  }

  @Test
  void betweenIsADashWhenAnEndIsUnknown() {
    assertThat(Times.between(10.0, 10.6)).isEqualTo("0.6s");
    assertThat(Times.between(null, 10.6)).isEqualTo("-");
  }

  @Test
  void bytesUseBinaryUnits() {
    assertThat(Bytes.text(512)).isEqualTo("512 B");
    assertThat(Bytes.text(2_097_152)).isEqualTo("2.0 MiB");
    assertThat(Bytes.text(1_199_638_052_864L)).isEqualTo("1.1 TiB");
  }
}
