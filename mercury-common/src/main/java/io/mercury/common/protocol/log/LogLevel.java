package io.mercury.common.protocol.log;

import java.util.Locale;
import java.util.Optional;

/**
 * The levels of log events, with Python's numbers (stored as {@code levelno}, so a query for a minimum
 * level is one comparison). Python's {@code WARNING} reads as {@link #WARN}, {@code FATAL} as {@link
 * #CRITICAL}.
 */
public enum LogLevel {
  TRACE(5),
  DEBUG(10),
  INFO(20),
  WARN(30),
  ERROR(40),
  CRITICAL(50);

  private final int number;

  LogLevel(int number) {
    this.number = number;
  }

  /** Python's level number, e.g. 30 for WARN. */
  public int number() {
    return number;
  }

  /** The level named {@code name} in any case ({@code WARNING} and {@code FATAL} too); empty if unknown. */
  public static Optional<LogLevel> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "TRACE" -> Optional.of(TRACE);
      case "DEBUG" -> Optional.of(DEBUG);
      case "INFO" -> Optional.of(INFO);
      case "WARN", "WARNING" -> Optional.of(WARN);
      case "ERROR" -> Optional.of(ERROR);
      case "CRITICAL", "FATAL" -> Optional.of(CRITICAL);
      default -> Optional.empty();
    };
  }
}
