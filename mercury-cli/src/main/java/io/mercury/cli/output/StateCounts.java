package io.mercury.cli.output;

import io.mercury.common.protocol.TaskStatus;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Task counts per state as text: the non-zero ones in state order, e.g. {@code 2 SUCCESS, 1 ERROR}. */
public final class StateCounts {
  private StateCounts() {}

  /** The non-zero counts, or {@code -} when all are zero. */
  public static String text(Map<TaskStatus, Long> counts) {
    String text =
        Stream.of(TaskStatus.values())
            .filter(s -> counts.getOrDefault(s, 0L) > 0)
            .map(s -> counts.get(s) + " " + s)
            .collect(Collectors.joining(", "));
    return text.isEmpty() ? Cells.NONE : text;
  }

  /** How many tasks are in a terminal state. */
  public static long done(Map<TaskStatus, Long> counts) {
    return Stream.of(TaskStatus.values())
        .filter(TaskStatus::isTerminal)
        .mapToLong(s -> counts.getOrDefault(s, 0L))
        .sum();
  }
}
