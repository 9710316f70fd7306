package io.mercury.cli.output;

import java.util.Locale;

/**
 * Byte counts in binary units ({@code 381.0 GiB}), as the inventory's filters count them (KiB, MiB, GiB
 * and TiB are powers of 1024), so a size read here can be typed back into a filter.
 */
public final class Bytes {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private Bytes() {}

  /** {@code bytes} in the largest unit that keeps it at least 1, with one decimal ({@code 512 B} below 1 KiB). */
  public static String text(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  /** {@code bytes} in GiB with one decimal, the unit the device tables use for memory. */
  public static String gib(double bytes) {
    return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
  }
}
