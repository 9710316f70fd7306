package io.mercury.common.protocol.log;

import java.time.Instant;
import java.util.Objects;

/**
 * One structured event of a {@code log_batch}, as our daemons send it. The optional fields are null when
 * absent; on the wire {@code time} is epoch seconds (a float, millisecond precision).
 *
 * @param exception the stack trace text, or null
 */
public record LogEvent(
    Instant time,
    LogLevel level,
    String message,
    String service,
    String version,
    String host,
    String logger,
    String thread,
    String mercuryId,
    String jobId,
    String taskId,
    String exception) {
  public LogEvent {
    Objects.requireNonNull(time, "time is null");
    Objects.requireNonNull(level, "level is null");
    Objects.requireNonNull(message, "message is null");
  }
}
