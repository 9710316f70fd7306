package io.mercury.rpc.store;

import static io.mercury.rpc.model.TaskDocs.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.mercury.rpc.model.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/**
 * Jobs ({@code rpc_jobs}) as stored and read: a job's insert, its reads, its cancel flag, and the
 * deletion of finished jobs with their tasks. Its counters and completion are {@link JobCounters}'.
 * Stateless over the collections: safe from any thread.
 */
public final class JobStore {
  private static final int DELETE_CHUNK = 1000;

  private final MongoCollection<Document> jobs;
  private final MongoCollection<Document> tasks;

  JobStore(MongoCollection<Document> jobs, MongoCollection<Document> tasks) {
    this.jobs = jobs;
    this.tasks = tasks;
  }

  public void insert(Job job) {
    insert(JobCodec.encode(job));
  }

  /** Inserts a job document as it is (the store's tests write partial ones). */
  void insert(Document job) {
    jobs.insertOne(job);
  }

  /**
   * A job as a client asked for it: the fields of {@code projection} (null: the whole job), or empty
   * when there is none.
   */
  public Optional<Map<String, Object>> job(String jobId, Map<String, Object> projection) {
    return Optional.ofNullable(
        jobs.find(Filters.eq(ID, jobId)).projection(StoreQueries.projection(projection)).first());
  }

  /** Jobs as a client asked for them (see {@link #job}), newest first; {@code limit} 0 means all. */
  public List<Map<String, Object>> jobs(Map<String, Object> projection, int limit) {
    return jobs.find()
        .projection(StoreQueries.projection(projection))
        .sort(Sorts.descending(TIME_CREATED))
        .limit(limit)
        .into(new ArrayList<>());
  }

  /** Up to {@code limit} job ids that start with {@code prefix}, in id order. */
  public List<String> idsStartingWith(String prefix, int limit) {
    return StoreQueries.idsStartingWith(jobs, prefix, limit);
  }

  /** Whether a job has been cancelled. */
  public boolean cancelled(String jobId) {
    return job(jobId, Map.of(CANCELLED, 1)).map(j -> Boolean.TRUE.equals(j.get(CANCELLED))).orElse(false);
  }

  /** Marks a job as cancelled (its open tasks are cancelled one by one through the transition writer). */
  public void markCancelled(String jobId, String by) {
    jobs.updateOne(
        Filters.eq(ID, jobId),
        Updates.combine(Updates.set(CANCELLED, true), Updates.set("cancelled_by", by)));
  }

  /**
   * Deletes the jobs that finished before {@code cutoff}, and their tasks; returns how many documents
   * went. A job still running keeps all its tasks, however old.
   */
  public long sweepCompletedBefore(Instant cutoff) {
    List<String> expired =
        jobs.find(Filters.lt(TTL_TIME_COMPLETED, Date.from(cutoff)))
            .projection(Projections.include(ID))
            .map(d -> d.getString(ID))
            .into(new ArrayList<>());
    long deleted = 0;
    for (int i = 0; i < expired.size(); i += DELETE_CHUNK) {
      List<String> chunk = expired.subList(i, Math.min(expired.size(), i + DELETE_CHUNK));
      deleted += tasks.deleteMany(Filters.in(JOB_ID, chunk)).getDeletedCount();
      deleted += jobs.deleteMany(Filters.in(ID, chunk)).getDeletedCount();
    }
    return deleted;
  }
}
