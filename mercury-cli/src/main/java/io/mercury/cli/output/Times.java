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
}
