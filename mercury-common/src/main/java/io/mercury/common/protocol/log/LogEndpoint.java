package io.mercury.common.protocol.log;

import java.util.Locale;
import java.util.Optional;

/** The log service's endpoints (docs/protocol.md, "Log service"); each name is its wire name in lower case. */
public enum LogEndpoint {
  LOG_BATCH,
  QUERY_LOGS,
  FOLLOW_ADDRESS;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The name a request's {@code endpoint} carries, e.g. {@code log_batch}. */
  public String wireName() {
    return wireName;
  }

  /** The endpoint spelled exactly {@code wireName}; empty for any other name. */
  public static Optional<LogEndpoint> named(String wireName) {
    for (LogEndpoint e : values()) {
      if (e.wireName.equals(wireName)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
