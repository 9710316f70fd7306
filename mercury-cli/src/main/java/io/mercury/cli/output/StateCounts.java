package io.mercury.cli.output;

import io.mercury.cli.client.TaskState;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Task counts per state as text: the non-zero ones in state order, e.g. {@code 2 SUCCESS, 1 ERROR}. */
public final class StateCounts {
  private StateCounts() {}

  /** The non-zero counts, or {@code -} when all are zero. */
  public static String text(Map<TaskState, Long> counts) {
    String text =
        Stream.of(TaskState.values())
            .filter(s -> counts.getOrDefault(s, 0L) > 0)
            .map(s -> counts.get(s) + " " + s)
            .collect(Collectors.joining(", "));
    return text.isEmpty() ? Cells.NONE : text;
  }

  /** How many tasks are in a terminal state. */
  public static long done(Map<TaskState, Long> counts) {
    return Stream.of(TaskState.values())
        .filter(TaskState::terminal)
        .mapToLong(s -> counts.getOrDefault(s, 0L))
        .sum();
  }
}
