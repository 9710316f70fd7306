package io.mercury.common.protocol.log;

import java.util.Map;
import java.util.Objects;

/**
 * A stored event as {@code query_logs} and the follow stream return it. The fields Mercury reads are
 * typed (null or 0 when absent); {@code document} is the whole stored document, since original records
 * keep every key they came with and {@code --json} prints them all.
 *
 * @param seq the service's arrival number, 0 when absent
 * @param time epoch seconds, or null
 * @param levelno Python's level number, or null
 * @param claimed what a {@code mismatch} record claimed to be, or null
 */
public record StoredEvent(
    long seq,
    Double time,
    String level,
    Integer levelno,
    String message,
    String service,
    String mercuryId,
    String jobId,
    String taskId,
    String exception,
    String identity,
    Object claimed,
    Map<String, Object> document) {
  public StoredEvent {
    Objects.requireNonNull(document, "document is null");
  }
}
