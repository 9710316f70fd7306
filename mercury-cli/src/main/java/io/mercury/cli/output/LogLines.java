package io.mercury.cli.output;

import io.mercury.cli.trace.ClockNote;
import io.mercury.cli.trace.JobTrace;
import io.mercury.common.protocol.log.LogWire;
import io.mercury.common.protocol.log.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stored log events as readable lines: {@code time service device level message}, the time as {@link
 * IsoTime} (UTC to the millisecond, as every log time an operator reads), {@code -} for a missing
 * device; an exception's first line follows its message. The trace view orders a job's events by their
 * own times ({@link JobTrace}), adds the time since the first event and since the previous one, and
 * marks the events whose clock is seen to differ, with a note under the table.
 */
public final class LogLines {
  private LogLines() {}

  /** One event as one line. */
  public static String line(StoredEvent event) {
    return String.format(
        Locale.ROOT,
        "%s  %-17s %-14s %-5s %s",
        time(event),
        text(event.service()),
        text(event.mercuryId()),
        text(event.level()),
        message(event));
  }

  /**
   * A job's events (any order) as a table in {@link JobTrace} order, with the time since the first event
   * and since the previous one; then one note per clock seen to differ, its mark ({@code *1}) beside the
   * times it stamped.
   */
  public static String trace(String jobId, List<StoredEvent> events) {
    if (events.isEmpty()) {
      return "no logged events for job " + jobId + "\n";
    }
    JobTrace trace = JobTrace.of(events.stream().map(StoredEvent::document).toList());
    List<JobTrace.Line> lines = trace.lines();
    double first = seconds(LogWire.storedEvent(lines.get(0).event()));
    double last = seconds(LogWire.storedEvent(lines.get(lines.size() - 1).event()));
    long services = lines.stream().map(l -> text(LogWire.storedEvent(l.event()).service())).distinct().count();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "job %s: %d events from %d services over %s%n",
            jobId,
            lines.size(),
            services,
            millis(last - first)));
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"TIME", "+START", "+STEP", "SERVICE", "DEVICE", "LEVEL", "EVENT"});
    double previous = first;
    for (JobTrace.Line l : lines) {
      StoredEvent e = LogWire.storedEvent(l.event());
      double t = seconds(e);
      String time = l.notes().isEmpty() ? time(e) : time(e) + " " + l.marks();
      rows.add(new String[] {time, millis(t - first), millis(t - previous), text(e.service()), text(e.mercuryId()), text(e.level()), message(e)});
      previous = t;
    }
    table(out, rows);
    List<ClockNote> notes = trace.notes();
    for (int i = 0; i < notes.size(); i++) {
      out.append('*').append(i + 1).append(' ').append(notes.get(i).text()).append('\n');
    }
    return out.toString();
  }

  /** Columns padded to their widest cell, the two durations right-aligned, the last column as is. */
  private static void table(StringBuilder out, List<String[]> rows) {
    int[] widths = new int[7];
    for (String[] r : rows) {
      for (int i = 0; i < 6; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        line.append(String.format(Locale.ROOT, i == 1 || i == 2 ? "%" + widths[i] + "s  " : "%-" + widths[i] + "s  ", r[i]));
      }
      out.append(line).append(r[6]).append('\n');
    }
  }

  private static String millis(double seconds) {
    long ms = Math.round(seconds * 1000);
    return ms < 10_000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  private static double seconds(StoredEvent event) {
    return event.time() == null ? 0 : event.time();
  }

  private static String time(StoredEvent event) {
    return event.time() == null ? Cells.NONE : IsoTime.ofEpochSeconds(event.time());
  }

  private static String message(StoredEvent event) {
    String message = text(event.message());
    if ("mismatch".equals(event.identity())) {
      // the sender's key said otherwise: the columns show who sent it, this what it claimed to be
      message = "[claimed " + event.claimed() + "] " + message;
    }
    if (event.exception() != null && !event.exception().isBlank()) {
      message += " | " + event.exception().lines().findFirst().orElse("");
    }
    return message.replace('\n', ' ');
  }

  private static String text(String value) {
    return value == null ? Cells.NONE : value;
  }
}
