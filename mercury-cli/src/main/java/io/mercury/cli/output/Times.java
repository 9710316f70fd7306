package io.mercury.cli.output;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Epoch-second times and durations as text. */
public final class Times {
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Times() {}

  /** An epoch-seconds time in UTC, to the second ({@code 2026-12-01T09:30:12Z}); {@code -} for null. */
  public static String utc(Double epochSeconds) {
    if (epochSeconds == null || epochSeconds.isNaN() || epochSeconds.isInfinite()) {
      return Cells.NONE;
    }
    return UTC.format(Instant.ofEpochMilli(Math.round(epochSeconds * 1000)));
  }

  /** A duration in seconds with one decimal: {@code 3.5s}. */
  public static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }

  /**
   * A duration as short as an operator reads it: tenths of a second under a minute ({@code 0.6s}), then
   * minutes and seconds ({@code 2m03s}), hours and minutes ({@code 1h02m}), days and hours
   * ({@code 3d04h}). A negative duration (clocks of two hosts) is {@code 0.0s}.
   */
  public static String span(Duration d) {
    long tenths = Math.max(0, Math.round(d.toMillis() / 100.0));
    if (tenths < 600) {
      return tenths / 10 + "." + tenths % 10 + "s";
    }
    long s = Math.round(d.toMillis() / 1000.0);
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    if (s < 86_400) {
      return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }
    return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, s % 86_400 / 3600);
  }

  /** The {@link #span} from one epoch-seconds time to another; {@code -} when either is unknown. */
  public static String between(Double fromSeconds, Double toSeconds) {
    if (fromSeconds == null || toSeconds == null) {
      return Cells.NONE;
    }
    return span(Duration.ofMillis(Math.round((toSeconds - fromSeconds) * 1000)));
  }

  /** {@code value} as epoch seconds when it is a number, else null (documents hold times as numbers). */
  public static Double epochSeconds(Object value) {
    return value instanceof Number n ? n.doubleValue() : null;
  }
}
