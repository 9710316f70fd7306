package io.mercury.cli.command.log;

import io.mercury.common.protocol.log.EventFilter;
import io.mercury.common.protocol.log.LogLevel;
import io.mercury.common.protocol.log.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code mcli log} selects, as the log service's query filter ({@link #toFilter}) and as the same
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
  private static final Pattern AGO = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  public LogFilter {
    if (level != null) {
      level = level.toUpperCase(Locale.ROOT);
      if (LogLevel.parse(level).isEmpty()) {
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

  /** The log service's filter selecting these events. */
  EventFilter toFilter() {
    LogLevel min = level == null ? null : LogLevel.parse(level).orElseThrow();
    return new EventFilter(mercuryId, jobId, taskId, service, null, min, since, null, text, null);
  }

  boolean matches(StoredEvent event) {
    if (!same(jobId, event.jobId())
        || !same(taskId, event.taskId())
        || !same(mercuryId, event.mercuryId())
        || !same(service, event.service())) {
      return false;
    }
    if (level != null && !(event.levelno() != null && event.levelno() >= LogLevel.parse(level).orElseThrow().number())) {
      return false;
    }
    if (since != null && !(event.time() != null && event.time() * 1000 >= since.toEpochMilli())) {
      return false;
    }
    return text == null
        || (event.message() != null && event.message().toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT)));
  }

  private static boolean same(String wanted, String actual) {
    return wanted == null || Objects.equals(wanted, actual);
  }
}
