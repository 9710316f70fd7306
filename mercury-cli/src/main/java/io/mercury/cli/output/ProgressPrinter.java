package io.mercury.cli.output;

import io.mercury.common.protocol.TaskStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;

/**
 * Shows a job's progress on stderr. On a terminal one line is redrawn in place ({@code \r}, padded over
 * the previous text) and erased by {@link #finish}, since the summary that follows says the same;
 * elsewhere (a log, a pipe) a line is printed only when the counts change, so the output stays
 * readable. {@link #off()} shows nothing.
 */
public final class ProgressPrinter {
  private enum Mode {
    REDRAW,
    LINES,
    OFF
  }

  private final PrintWriter err;
  private final Mode mode;
  private Map<TaskStatus, Long> lastCounts;
  private int lastLength;

  private ProgressPrinter(PrintWriter err, Mode mode) {
    this.err = err;
    this.mode = mode;
  }

  /** Redrawn in place when {@code terminal}, else a line per change. */
  public static ProgressPrinter on(PrintWriter err, boolean terminal) {
    return new ProgressPrinter(err, terminal ? Mode.REDRAW : Mode.LINES);
  }

  /** Shows nothing. */
  public static ProgressPrinter off() {
    return new ProgressPrinter(null, Mode.OFF);
  }

  /** Shows the progress after one poll. */
  public void update(Map<TaskStatus, Long> counts, long total, Duration elapsed) {
    if (mode == Mode.OFF) {
      return;
    }
    String line = ProgressLine.render(counts, total, elapsed);
    if (mode == Mode.REDRAW) {
      err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
      lastLength = line.length();
    } else if (!counts.equals(lastCounts)) {
      err.println(line);
    }
    lastCounts = Map.copyOf(counts);
    err.flush();
  }

  /** Erases the in-place line, so what follows starts at the beginning of a clean line. */
  public void finish() {
    if (mode == Mode.REDRAW && lastLength > 0) {
      err.print("\r" + " ".repeat(lastLength) + "\r");
      err.flush();
      lastLength = 0;
    }
  }
}
