package io.mercury.log.record;

import java.util.Locale;
import java.util.Map;

/**
 * Level names and numbers shared by Python's logging and ours: TRACE 5, DEBUG 10, INFO 20, WARN 30
 * (Python's WARNING), ERROR 40, CRITICAL 50 (also FATAL). Stored events carry both, so a query for a
 * minimum level is one comparison.
 */
public final class Levels {
  private static final Map<String, Integer> NUMBERS =
      Map.of("TRACE", 5, "DEBUG", 10, "INFO", 20, "WARN", 30, "WARNING", 30, "ERROR", 40, "CRITICAL", 50, "FATAL", 50);

  private Levels() {}

  /** The number of a level name, or null when the name is unknown. */
  public static Integer number(String name) {
    return name == null ? null : NUMBERS.get(name.toUpperCase(Locale.ROOT));
  }

  /** The stored name of a level: upper case, WARNING as WARN, FATAL as CRITICAL. */
  public static String normalized(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return switch (upper) {
      case "WARNING" -> "WARN";
      case "FATAL" -> "CRITICAL";
      default -> upper;
    };
  }

  /** The name of a Python level number: the highest known level at or below it. */
  public static String nameOf(long number) {
    if (number >= 50) {
      return "CRITICAL";
    } else if (number >= 40) {
      return "ERROR";
    } else if (number >= 30) {
      return "WARN";
    } else if (number >= 20) {
      return "INFO";
    } else if (number >= 10) {
      return "DEBUG";
    }
    return "TRACE";
  }
}
