package io.mercury.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code bin/mercury logs SERVICE}: daemons' JSON lines as readable lines, times in UTC (issue 15). */
class LogPrinterTest {
  @Test
  void aJsonLineShowsItsFullTimeInUtcWithZ() {
    String line =
        "{\"@timestamp\":\"2026-12-07T04:31:22.123Z\",\"level\":\"INFO\",\"service\":\"mercury-backend\","
            + "\"job_id\":\"job-1\",\"message\":\"task t1 sent to tcp://node:9003 (attempt 1)\"}";

    assertThat(LogPrinter.render(line))
        .isEqualTo("2026-12-07T04:31:22.123Z INFO  mercury-backend job_id=job-1 - task t1 sent to tcp://node:9003 (attempt 1)");
  }

  @Test
  void aLocalTimeWithAnOffsetFromAnOlderDaemonIsShownInUtc() {
    String line = "{\"@timestamp\":\"2026-12-07T05:31:22.123+01:00\",\"level\":\"WARN\",\"service\":\"mercury-store\",\"message\":\"m\"}";

    assertThat(LogPrinter.render(line)).startsWith("2026-12-07T04:31:22.123Z WARN  mercury-store - m");
  }

  @Test
  void aTimeItCannotReadAndALineThatIsNotJsonAreShownAsTheyAre() {
    assertThat(LogPrinter.utc("yesterday")).isEqualTo("yesterday");
    assertThat(LogPrinter.render("Picked up JAVA_TOOL_OPTIONS: -Xss2m")).isEqualTo("Picked up JAVA_TOOL_OPTIONS: -Xss2m");
  }
}
