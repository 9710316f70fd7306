package io.mercury.cli.output;

import io.mercury.cli.trace.ClockNote;
import io.mercury.cli.trace.JobTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
  public static String line(Map<String, Object> event) {
    return String.format(
        Locale.ROOT,
        "%s  %-17s %-14s %-5s %s",
        time(event),
        text(event, "service"),
        device(event),
        text(event, "level"),
        message(event));
  }

  /**
   * A job's events (any order) as a table in {@link JobTrace} order, with the time since the first event
   * and since the previous one; then one note per clock seen to differ, its mark ({@code *1}) beside the
   * times it stamped.
   */
  public static String trace(String jobId, List<Map<String, Object>> events) {
    if (events.isEmpty()) {
      return "no logged events for job " + jobId + "\n";
    }
    JobTrace trace = JobTrace.of(events);
    List<JobTrace.Line> lines = trace.lines();
    double first = seconds(lines.get(0).event());
    double last = seconds(lines.get(lines.size() - 1).event());
    long services = lines.stream().map(l -> text(l.event(), "service")).distinct().count();
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
      Map<String, Object> e = l.event();
      double t = seconds(e);
      String time = l.notes().isEmpty() ? time(e) : time(e) + " " + l.marks();
      rows.add(new String[] {time, millis(t - first), millis(t - previous), text(e, "service"), device(e), text(e, "level"), message(e)});
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

  private static double seconds(Map<String, Object> event) {
    return event.get("time") instanceof Number n ? n.doubleValue() : 0;
  }

  private static String time(Map<String, Object> event) {
    return event.get("time") instanceof Number n ? IsoTime.ofEpochSeconds(n.doubleValue()) : Cells.NONE;
  }

  private static String device(Map<String, Object> event) {
    return text(event, "mercury_id");
  }

  private static String message(Map<String, Object> event) {
    String message = text(event, "message");
    if ("mismatch".equals(event.get("identity"))) {
      // the sender's key said otherwise: the columns show who sent it, this what it claimed to be
      message = "[claimed " + event.get("claimed") + "] " + message;
    }
    if (event.get("exception") instanceof String ex && !ex.isBlank()) {
      message += " | " + ex.lines().findFirst().orElse("");
    }
    return message.replace('\n', ' ');
  }

  private static String text(Map<String, Object> event, String key) {
    Object v = event.get(key);
    return v == null ? Cells.NONE : String.valueOf(v);
  }
}
