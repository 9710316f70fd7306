package io.mercury.rpc.store;

import static io.mercury.rpc.model.TaskDocs.*;

import io.mercury.rpc.model.Job;
import java.util.Date;
import java.util.LinkedHashMap;
import org.bson.Document;

/**
 * {@link Job} → its {@code rpc_jobs} document, in the order the frontend has always written the
 * fields. Jobs are read back only as the documents clients asked for (a projection of any fields), so
 * there is no decoding.
 */
final class JobCodec {
  private JobCodec() {}

  static Document encode(Job j) {
    return new Document(ID, j.jobId())
        .append(JOB_ID, j.jobId())
        .append(INSTRUCTION, j.instruction())
        .append(QUERY, j.query())
        .append(REQUESTED_BY, j.requestedBy())
        .append(TASK_COUNT, j.taskCount())
        .append(REMAINING, j.remaining())
        .append(COUNTS, new Document(new LinkedHashMap<String, Object>(j.counts())))
        .append(CANCELLED, j.cancelled())
        .append(JobCounters.CREATING, j.creating())
        .append(TIME_CREATED, j.timeCreated())
        .append(TIME_STARTED, j.timeStarted())
        .append(TIME_UPDATED, j.timeUpdated())
        .append(TIME_COMPLETED, j.timeCompleted())
        .append(TTL_TIME_COMPLETED, j.ttlTimeCompleted() == null ? null : Date.from(j.ttlTimeCompleted()));
  }
}
