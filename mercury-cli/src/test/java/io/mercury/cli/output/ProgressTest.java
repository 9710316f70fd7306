package io.mercury.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.protocol.TaskStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private static Map<TaskStatus, Long> counts(Object... kv) {
    Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
    for (TaskStatus s : TaskStatus.values()) {
      counts.put(s, 0L);
    }
    for (int i = 0; i < kv.length; i += 2) {
      counts.put((TaskStatus) kv[i], ((Number) kv[i + 1]).longValue());
    }
    return counts;
  }

  @Test
  void lineShowsBarDoneTotalNonZeroCountsAndElapsed() {
    String line =
        ProgressLine.render(
            counts(TaskStatus.NEW, 1, TaskStatus.STARTED, 1, TaskStatus.SUCCESS, 1, TaskStatus.ERROR, 1),
            4,
            Duration.ofMillis(1500));

    assertThat(line).isEqualTo("[##########----------] 2/4 done  1 NEW, 1 STARTED, 1 SUCCESS, 1 ERROR  1.5s");
  }

  @Test
  void lineBeforeAnythingHappenedAndWhenAllAreDone() {
    assertThat(ProgressLine.render(counts(), 3, Duration.ZERO))
        .isEqualTo("[--------------------] 0/3 done  -  0.0s");
    assertThat(ProgressLine.render(counts(TaskStatus.SUCCESS, 2, TaskStatus.TIMEOUT, 1), 3, Duration.ofSeconds(61)))
        .isEqualTo("[####################] 3/3 done  2 SUCCESS, 1 TIMEOUT  61.0s");
  }

  @Test
  void notATerminalPrintsALineOnlyWhenTheCountsChange() {
    StringWriter text = new StringWriter();
    ProgressPrinter progress = ProgressPrinter.on(new PrintWriter(text), false);

    progress.update(counts(TaskStatus.NEW, 2), 2, Duration.ZERO);
    progress.update(counts(TaskStatus.NEW, 2), 2, Duration.ofMillis(500));
    progress.update(counts(TaskStatus.NEW, 1, TaskStatus.SUCCESS, 1), 2, Duration.ofSeconds(1));
    progress.finish();

    assertThat(text.toString())
        .isEqualTo(
            "[--------------------] 0/2 done  2 NEW  0.0s\n"
                + "[##########----------] 1/2 done  1 NEW, 1 SUCCESS  1.0s\n");
  }

  @Test
  void onATerminalTheLineIsRedrawnInPlaceAndErasedAtTheEnd() {
    StringWriter text = new StringWriter();
    ProgressPrinter progress = ProgressPrinter.on(new PrintWriter(text), true);

    progress.update(counts(TaskStatus.NEW, 1, TaskStatus.DISPATCHED, 1), 2, Duration.ZERO);
    progress.update(counts(TaskStatus.SUCCESS, 2), 2, Duration.ofMillis(700));
    progress.finish();

    String first = "[--------------------] 0/2 done  1 NEW, 1 DISPATCHED  0.0s";
    String second = "[####################] 2/2 done  2 SUCCESS  0.7s";
    assertThat(text.toString())
        .isEqualTo(
            "\r" + first
                + "\r" + second + " ".repeat(first.length() - second.length())
                + "\r" + " ".repeat(second.length()) + "\r");
  }

  @Test
  void offPrintsNothing() {
    ProgressPrinter progress = ProgressPrinter.off();
    progress.update(counts(TaskStatus.NEW, 1), 1, Duration.ZERO);
    progress.finish();
  }
}
