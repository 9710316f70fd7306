package io.mercury.cli.output;

import io.mercury.common.protocol.TaskStatus;
import java.time.Duration;
import java.util.Map;

/**
 * The one-line progress of a job being waited for: a bar, done/total, the non-zero counts per state
 * and the time waited, e.g. {@code [##########----------] 2/4 done  2 SUCCESS, 1 STARTED, 1 NEW  1.5s}.
 */
public final class ProgressLine {
  static final int BAR_WIDTH = 20;

  private ProgressLine() {}

  /** The line for {@code counts} of {@code total} tasks after {@code elapsed}; no newline. */
  public static String render(Map<TaskStatus, Long> counts, long total, Duration elapsed) {
    long done = StateCounts.done(counts);
    int filled = total <= 0 ? 0 : (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
    return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] "
        + done + "/" + total + " done  "
        + StateCounts.text(counts) + "  "
        + Times.seconds(elapsed);
  }
}
