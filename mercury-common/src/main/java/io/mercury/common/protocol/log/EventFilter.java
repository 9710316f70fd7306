package io.mercury.common.protocol.log;

import java.time.Instant;

/**
 * The {@code filter} of {@code query_logs}: every field that is set must match; null fields select
 * everything.
 *
 * @param mercuryId device
 * @param jobId job
 * @param taskId task
 * @param service service name, e.g. {@code mercury-agent}
 * @param identity the {@code identity} mark ({@code mismatch})
 * @param level this level or above
 * @param since earliest time, inclusive (millisecond precision on the wire)
 * @param until latest time, exclusive
 * @param text a substring of the message, any case
 * @param afterSeq only events whose {@code seq} is larger
 */
public record EventFilter(
    String mercuryId,
    String jobId,
    String taskId,
    String service,
    String identity,
    LogLevel level,
    Instant since,
    Instant until,
    String text,
    Long afterSeq) {
  /** Every event. */
  public static final EventFilter ALL = new EventFilter(null, null, null, null, null, null, null, null, null, null);

  /** The events of job {@code jobId}. */
  public static EventFilter ofJob(String jobId) {
    return new EventFilter(null, jobId, null, null, null, null, null, null, null, null);
  }
}
