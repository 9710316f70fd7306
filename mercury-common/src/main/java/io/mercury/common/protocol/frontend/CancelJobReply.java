package io.mercury.common.protocol.frontend;

import java.util.Objects;

/**
 * The reply of {@code cancel_job}.
 *
 * @param jobId the job
 * @param cancelled how many of its tasks this call cancelled (those not yet finished)
 */
public record CancelJobReply(String jobId, long cancelled) {
  public CancelJobReply {
    Objects.requireNonNull(jobId, "jobId is null");
  }
}
