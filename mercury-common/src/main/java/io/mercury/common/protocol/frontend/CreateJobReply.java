package io.mercury.common.protocol.frontend;

import java.util.Objects;

/**
 * The reply of {@code create_job} when a job was created (no active target: no reply record).
 *
 * @param jobId the new job's id
 * @param targets how many devices it runs on
 */
public record CreateJobReply(String jobId, long targets) {
  public CreateJobReply {
    Objects.requireNonNull(jobId, "jobId is null");
  }
}
