package io.mercury.log.record;

import io.mercury.common.protocol.log.LogLevel;

/**
 * Level names and numbers of original records ({@link LogLevel} holds them): stored events carry both,
 * so a query for a minimum level is one comparison.
 */
public final class Levels {
  private Levels() {}

  /** The number of a level name, or null when the name is unknown. */
  public static Integer number(String name) {
    return LogLevel.parse(name).map(LogLevel::number).orElse(null);
  }

  /** The stored name of a known level: upper case, WARNING as WARN, FATAL as CRITICAL. */
  public static String normalized(String name) {
    return LogLevel.parse(name).orElseThrow().name();
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
