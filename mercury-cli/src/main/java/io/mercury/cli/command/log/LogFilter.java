package io.mercury.cli.command.log;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code mcli log} selects, as the log service's query filter ({@link #toWire}) and as the same
 * test applied to the follow stream ({@link #matches}), which the service does not filter.
 *
 * @param jobId job, or null
 * @param taskId task, or null
 * @param mercuryId device, or null
 * @param service service, or null
 * @param level lowest level name, or null
 * @param since earliest time, or null
 * @param text message substring (case-insensitive), or null
 */
public record LogFilter(String jobId, String taskId, String mercuryId, String service, String level, Instant since, String text) {
  private static final Map<String, Integer> LEVELS =
      Map.of("TRACE", 5, "DEBUG", 10, "INFO", 20, "WARN", 30, "WARNING", 30, "ERROR", 40, "CRITICAL", 50);
  private static final Pattern AGO = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  public LogFilter {
    if (level != null) {
      level = level.toUpperCase(Locale.ROOT);
      if (!LEVELS.containsKey(level)) {
        throw new IllegalArgumentException("--level must be TRACE, DEBUG, INFO, WARN, ERROR or CRITICAL, got '" + level + "'");
      }
    }
  }

  /**
   * A {@code --since} value: an age ({@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}) or an ISO-8601
   * instant ({@code 2026-12-01T09:00:00Z}).
   */
  public static Instant since(String value, Instant now) {
    Matcher ago = AGO.matcher(value.strip());
    if (ago.matches()) {
      long n = Long.parseLong(ago.group(1));
      Duration d =
          switch (ago.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
      return now.minus(d);
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--since must be an age such as 30s, 10m, 2h, 1d or a time such as 2026-12-01T09:00:00Z, got '" + value + "'");
    }
  }

  Map<String, Object> toWire() {
    Map<String, Object> f = new LinkedHashMap<>();
    put(f, "job_id", jobId);
    put(f, "task_id", taskId);
    put(f, "mercury_id", mercuryId);
    put(f, "service", service);
    put(f, "level", level);
    put(f, "text", text);
    if (since != null) {
      f.put("since", since.toEpochMilli() / 1000.0);
    }
    return f;
  }

  boolean matches(Map<String, Object> event) {
    if (!same(jobId, event.get("job_id"))
        || !same(taskId, event.get("task_id"))
        || !same(mercuryId, event.get("mercury_id"))
        || !same(service, event.get("service"))) {
      return false;
    }
    if (level != null && !(event.get("levelno") instanceof Number n && n.intValue() >= LEVELS.get(level))) {
      return false;
    }
    if (since != null && !(event.get("time") instanceof Number t && t.doubleValue() * 1000 >= since.toEpochMilli())) {
      return false;
    }
    return text == null
        || (event.get("message") instanceof String m && m.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT)));
  }

  private static boolean same(String wanted, Object actual) {
    return wanted == null || Objects.equals(wanted, actual);
  }

  private static void put(Map<String, Object> f, String key, String value) {
    if (value != null) {
      f.put(key, value);
    }
  }
}
