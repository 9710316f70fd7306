package io.mercury.cli.output;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stored log events as readable lines: {@code time service device level message}, the time in UTC to
 * the millisecond, {@code -} for a missing device; an exception's first line follows its message. The
 * trace view adds the time since the first event and since the previous one.
 */
public final class LogLines {
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

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

  /** A job's events, oldest first, with the time since the first event and since the previous one. */
  public static String trace(String jobId, List<Map<String, Object>> events) {
    StringBuilder out = new StringBuilder();
    if (events.isEmpty()) {
      return "no logged events for job " + jobId + "\n";
    }
    double first = seconds(events.get(0));
    double last = seconds(events.get(events.size() - 1));
    long services = events.stream().map(e -> text(e, "service")).distinct().count();
    out.append(
        String.format(
            Locale.ROOT,
            "job %s: %d events from %d services over %s%n",
            jobId,
            events.size(),
            services,
            millis(last - first)));
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"TIME", "+START", "+STEP", "SERVICE", "DEVICE", "LEVEL", "EVENT"});
    double previous = first;
    for (Map<String, Object> e : events) {
      double t = seconds(e);
      rows.add(
          new String[] {
            time(e), millis(t - first), millis(t - previous), text(e, "service"), device(e), text(e, "level"), message(e)
          });
      previous = t;
    }
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
    return out.toString();
  }

  private static String millis(double seconds) {
    long ms = Math.round(seconds * 1000);
    return ms < 10_000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  private static double seconds(Map<String, Object> event) {
    return event.get("time") instanceof Number n ? n.doubleValue() : 0;
  }

  private static String time(Map<String, Object> event) {
    return event.get("time") instanceof Number n
        ? UTC.format(Instant.ofEpochMilli(Math.round(n.doubleValue() * 1000)))
        : Cells.NONE;
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
