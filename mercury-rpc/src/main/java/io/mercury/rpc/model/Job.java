package io.mercury.rpc.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A job as stored in {@code rpc_jobs}: an instruction run on every device a query matched. Each
 * component is the stored field of the same name in {@link TaskDocs} (the store's {@code JobCodec}
 * maps one to the other); {@code jobId} is both {@code _id} and {@code job_id}. Times are epoch
 * seconds.
 *
 * @param remaining tasks not yet ended, plus one while the job is being created
 * @param counts tasks by status name
 * @param creating the token of the creation in progress (it holds the job's completion back), or null
 */
public record Job(
    String jobId,
    Map<String, Object> instruction,
    Map<String, Object> query,
    String requestedBy,
    long taskCount,
    long remaining,
    Map<String, Long> counts,
    boolean cancelled,
    String creating,
    double timeCreated,
    double timeStarted,
    double timeUpdated,
    Double timeCompleted,
    Instant ttlTimeCompleted) {
  public Job {
    Objects.requireNonNull(jobId, "jobId is null");
    Objects.requireNonNull(counts, "counts is null");
  }
}
