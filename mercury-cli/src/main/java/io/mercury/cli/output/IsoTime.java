package io.mercury.cli.output;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Log times as an operator reads them everywhere ({@code mcli log}, {@code mcli rpc job --trace},
 * {@code bin/mercury logs}, the daemons' own lines): ISO-8601 in UTC to the millisecond, {@code
 * 2026-12-07T04:31:22.123Z}. One form, so lines from different tools and hosts compare at a glance; it is
 * the form of job documents ({@link Times#utc}, to the second), with the milliseconds a log needs.
 */
public final class IsoTime {
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private IsoTime() {}

  /** {@code 2026-12-07T04:31:22.123Z}. */
  public static String of(Instant time) {
    return MILLIS.format(time);
  }

  /** An epoch-seconds time (the log service's {@code time}), rounded to the millisecond. */
  public static String ofEpochSeconds(double seconds) {
    return of(Instant.ofEpochMilli(Math.round(seconds * 1000)));
  }
}
