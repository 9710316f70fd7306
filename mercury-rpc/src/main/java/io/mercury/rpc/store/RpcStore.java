package io.mercury.rpc.store;

import static io.mercury.rpc.model.TaskDocs.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.mercury.common.codec.MsgPack;
import io.mercury.rpc.model.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Jobs and tasks in MongoDB ({@code rpc_jobs}, {@code rpc_tasks}), shared by the frontend and every
 * backend. {@code _id} is the job or task id, so every lookup by id is an index lookup on any store.
 *
 * <p>Consistency without transactions: a task changes state only through {@link #transition}, a
 * conditional update that names the states it may leave, so concurrent reporters (an agent's result,
 * the timeout clock, a cancel) cannot both win. The winner then moves the job's per-state counters and,
 * when the last open task ends, stamps the job's {@code time_completed}. A crash between the two
 * writes leaves the counters one step behind; {@link #recount} repairs a job from its tasks.
 */
public final class RpcStore {
  private static final int INSERT_CHUNK = 1000;

  private final MongoCollection<Document> jobs;
  private final MongoCollection<Document> tasks;
  private final InstantSource clock;

  public RpcStore(MongoCollection<Document> jobs, MongoCollection<Document> tasks, InstantSource clock) {
    this.jobs = jobs;
    this.tasks = tasks;
    this.clock = clock;
  }

  /**
   * Creates the indexes. The TTL indexes expire finished jobs and tasks on a real MongoDB; the embedded
   * store accepts and ignores them, which is why {@link #sweepCompletedBefore} exists too.
   */
  public void ensureIndexes(Duration retention) {
    IndexOptions ttl = new IndexOptions().expireAfter(retention.toSeconds(), TimeUnit.SECONDS);
    jobs.createIndex(Indexes.ascending(TTL_TIME_COMPLETED), ttl);
    tasks.createIndex(Indexes.ascending(TTL_TIME_COMPLETED), ttl);
    tasks.createIndex(Indexes.ascending(JOB_ID));
    tasks.createIndex(Indexes.ascending(MERCURY_ID, STATUS));
    tasks.createIndex(Indexes.ascending(BACKEND, STATUS));
    jobs.createIndex(Indexes.descending(TIME_CREATED));
  }

  public double now() {
    return MsgPack.epochSeconds(clock.instant());
  }

  /** Inserts a job and its tasks: the job first, so no task ever exists without its job. */
  public void insertJob(Document job, List<Document> jobTasks) {
    jobs.insertOne(job);
    for (int i = 0; i < jobTasks.size(); i += INSERT_CHUNK) {
      tasks.insertMany(
          jobTasks.subList(i, Math.min(jobTasks.size(), i + INSERT_CHUNK)),
          new InsertManyOptions().ordered(false));
    }
  }

  public Optional<Document> job(String jobId, Map<String, Object> projection) {
    return Optional.ofNullable(
        jobs.find(Filters.eq(ID, jobId)).projection(projection(projection)).first());
  }

  public Optional<Document> task(String taskId) {
    return Optional.ofNullable(tasks.find(Filters.eq(ID, taskId)).first());
  }

  public List<Document> tasksById(Collection<String> taskIds) {
    return tasks.find(Filters.in(ID, taskIds)).into(new ArrayList<>());
  }

  public List<Document> tasksOfJob(String jobId, Map<String, Object> projection) {
    return tasks
        .find(Filters.eq(JOB_ID, jobId))
        .projection(projection(projection))
        .sort(Sorts.ascending(TIME_CREATED, MERCURY_ID))
        .into(new ArrayList<>());
  }

  /** Jobs, newest first; {@code limit} 0 means all. */
  public List<Document> jobs(Map<String, Object> projection, int limit) {
    return jobs.find()
        .projection(projection(projection))
        .sort(Sorts.descending(TIME_CREATED))
        .limit(limit)
        .into(new ArrayList<>());
  }

  /** Tasks not yet in a terminal state that match {@code filter} (null: all). */
  public List<Document> openTasks(Bson filter) {
    Bson open = Filters.in(STATUS, names(TaskStatus.OPEN));
    return tasks.find(filter == null ? open : Filters.and(filter, open)).into(new ArrayList<>());
  }

  /**
   * Moves a task to {@code to} if it is in one of {@code from}; sets {@code fields} and the state's
   * times, appends to its history, and updates the job's counters. Returns the state it left, or empty
   * when the task does not exist or was not in {@code from}.
   */
  public Optional<TaskStatus> transition(
      String taskId, Set<TaskStatus> from, TaskStatus to, Map<String, Object> fields, String reason) {
    Instant instant = clock.instant();
    double now = MsgPack.epochSeconds(instant);
    List<Bson> updates = new ArrayList<>();
    fields.forEach((k, v) -> updates.add(Updates.set(k, v)));
    updates.add(Updates.set(STATUS, to.name()));
    updates.add(Updates.set(TIME_UPDATED, now));
    switch (to) {
      case DISPATCHED -> updates.add(Updates.set(TIME_DISPATCHED, now));
      case STARTED -> {
        if (!fields.containsKey(TIME_STARTED)) {
          updates.add(Updates.set(TIME_STARTED, now));
        }
      }
      default -> {}
    }
    if (to.isTerminal()) {
      updates.add(Updates.set(TIME_COMPLETED, now));
      updates.add(Updates.set(TTL_TIME_COMPLETED, Date.from(instant)));
      if (reason != null) {
        updates.add(Updates.set(REASON, reason));
      }
    }
    Document entry = new Document(STATUS, to.name()).append("time", now);
    if (reason != null) {
      entry.append(REASON, reason);
    }
    updates.add(Updates.push(HISTORY, entry));
    Document before =
        tasks.findOneAndUpdate(
            Filters.and(Filters.eq(ID, taskId), Filters.in(STATUS, names(from))),
            Updates.combine(updates),
            new FindOneAndUpdateOptions()
                .returnDocument(ReturnDocument.BEFORE)
                .projection(Projections.include(STATUS, JOB_ID)));
    if (before == null) {
      return Optional.empty();
    }
    TaskStatus previous = TaskStatus.parse(before.getString(STATUS));
    countTransition(before.getString(JOB_ID), previous, to, instant);
    return Optional.of(previous);
  }

  private void countTransition(String jobId, TaskStatus from, TaskStatus to, Instant instant) {
    double now = MsgPack.epochSeconds(instant);
    List<Bson> updates = new ArrayList<>();
    updates.add(Updates.inc(COUNTS + "." + from.name(), -1));
    updates.add(Updates.inc(COUNTS + "." + to.name(), 1));
    updates.add(Updates.set(TIME_UPDATED, now));
    if (to.isTerminal()) {
      updates.add(Updates.inc(REMAINING, -1));
    }
    Document job =
        jobs.findOneAndUpdate(
            Filters.eq(ID, jobId),
            Updates.combine(updates),
            new FindOneAndUpdateOptions()
                .returnDocument(ReturnDocument.AFTER)
                .projection(Projections.include(REMAINING, TIME_COMPLETED)));
    if (job != null && to.isTerminal() && job.get(TIME_COMPLETED) == null && remaining(job) <= 0) {
      completeJob(jobId, instant);
    }
  }

  private void completeJob(String jobId, Instant instant) {
    jobs.updateOne(
        Filters.and(Filters.eq(ID, jobId), Filters.eq(TIME_COMPLETED, null)),
        Updates.combine(
            Updates.set(TIME_COMPLETED, MsgPack.epochSeconds(instant)),
            Updates.set(TTL_TIME_COMPLETED, Date.from(instant))));
  }

  private static long remaining(Document job) {
    Object r = job.get(REMAINING);
    return r instanceof Number n ? n.longValue() : 0;
  }

  /**
   * Sets progress fields ({@code action}, {@code progress}, ...) on a task that is still open. Returns
   * false when the task is unknown or already finished.
   */
  public boolean updateOpenTask(String taskId, Map<String, Object> fields) {
    List<Bson> updates = new ArrayList<>();
    fields.forEach((k, v) -> updates.add(Updates.set(k, v)));
    updates.add(Updates.set(TIME_UPDATED, now()));
    return tasks
            .updateOne(
                Filters.and(Filters.eq(ID, taskId), Filters.in(STATUS, names(TaskStatus.OPEN))),
                Updates.combine(updates))
            .getMatchedCount()
        > 0;
  }

  /** Marks a job as cancelled (its open tasks are cancelled one by one through {@link #transition}). */
  public void markCancelled(String jobId, String by) {
    jobs.updateOne(
        Filters.eq(ID, jobId),
        Updates.combine(Updates.set(CANCELLED, true), Updates.set("cancelled_by", by)));
  }

  /**
   * Recomputes a job's counters from its tasks and completes it if nothing is open; used after a
   * crash may have left them behind.
   */
  public void recount(String jobId) {
    Map<String, Object> counts = emptyCounts();
    long open = 0;
    for (Document t : tasks.find(Filters.eq(JOB_ID, jobId)).projection(Projections.include(STATUS))) {
      TaskStatus s = TaskStatus.parse(t.getString(STATUS));
      counts.merge(s.name(), 1L, (a, b) -> ((Number) a).longValue() + 1);
      open += s.isTerminal() ? 0 : 1;
    }
    jobs.updateOne(
        Filters.eq(ID, jobId),
        Updates.combine(Updates.set(COUNTS, new Document(counts)), Updates.set(REMAINING, open)));
    if (open == 0) {
      completeJob(jobId, clock.instant());
    }
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
    for (int i = 0; i < expired.size(); i += INSERT_CHUNK) {
      List<String> chunk = expired.subList(i, Math.min(expired.size(), i + INSERT_CHUNK));
      deleted += tasks.deleteMany(Filters.in(JOB_ID, chunk)).getDeletedCount();
      deleted += jobs.deleteMany(Filters.in(ID, chunk)).getDeletedCount();
    }
    return deleted;
  }

  /** Counters with every state at zero, in state order. */
  public static Map<String, Object> emptyCounts() {
    Map<String, Object> counts = new LinkedHashMap<>();
    for (TaskStatus s : TaskStatus.values()) {
      counts.put(s.name(), 0L);
    }
    return counts;
  }

  private static List<String> names(Set<TaskStatus> states) {
    return states.stream().map(Enum::name).toList();
  }

  private static Bson projection(Map<String, Object> projection) {
    return projection == null || projection.isEmpty() ? null : new Document(projection);
  }
}
