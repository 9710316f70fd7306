package io.mercury.rpc.store;

import static io.mercury.rpc.model.TaskDocs.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.store.StoreOutage;
import io.mercury.rpc.model.Job;
import io.mercury.rpc.model.Task;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * Jobs and tasks in MongoDB ({@code rpc_jobs}, {@code rpc_tasks}), shared by the frontend and every
 * backend: the one handle the daemons hold. Each method is one piece's: {@link JobStore} (jobs),
 * {@link TaskStore} (task reads and inserts), {@link TransitionWriter} (every change of a task's
 * state, batched and conditional) and {@link JobCounters} (a job's counters and completion). {@code
 * _id} is the job or task id, so every lookup by id is an index lookup on any store.
 *
 * <p>Every write names its document by {@code _id}, or by exactly the keys of a unique index with plain
 * values: the embedded store (mongo-java-server) answers nothing else from an index and scans the whole
 * collection instead (it ignores non-unique indexes, and a compound index does not answer {@code $in}).
 * Anything more a write depends on is checked in the batch's read of the tasks.
 *
 * <p>Threading: safe from any thread. {@link #close} writes the queued transitions and stops the
 * writer; the collections stay usable for reads.
 */
public final class RpcStore implements AutoCloseable {
  private final MongoCollection<Document> jobCollection;
  private final MongoCollection<Document> taskCollection;
  private final InstantSource clock;
  private final JobStore jobs;
  private final TaskStore tasks;
  private final JobCounters counters;
  private final TransitionWriter writer;

  public RpcStore(MongoCollection<Document> jobs, MongoCollection<Document> tasks, InstantSource clock) {
    this.jobCollection = jobs;
    this.taskCollection = tasks;
    this.clock = clock;
    this.jobs = new JobStore(jobs, tasks);
    this.tasks = new TaskStore(tasks);
    this.counters = new JobCounters(jobs, tasks, clock);
    this.writer = new TransitionWriter(tasks, counters, clock);
  }

  /**
   * Creates the indexes. The TTL indexes expire finished jobs and tasks on a real MongoDB; the embedded
   * store accepts and ignores them, which is why {@link #sweepCompletedBefore} exists too.
   */
  public void ensureIndexes(Duration retention) {
    IndexOptions ttl = new IndexOptions().expireAfter(retention.toSeconds(), TimeUnit.SECONDS);
    jobCollection.createIndex(Indexes.ascending(TTL_TIME_COMPLETED), ttl);
    taskCollection.createIndex(Indexes.ascending(TTL_TIME_COMPLETED), ttl);
    // Redundant on MongoDB (_id is unique already), but the embedded store answers a query from an
    // index only when the query names exactly the index's keys: without this, every conditional
    // transition ({_id, status}) scans the whole collection.
    taskCollection.createIndex(Indexes.ascending(ID, STATUS), new IndexOptions().unique(true));
    // The same for a job's completion, {_id, time_completed: null}.
    jobCollection.createIndex(Indexes.ascending(ID, TIME_COMPLETED), new IndexOptions().unique(true));
    // The same for the end of a job's creation, {_id, creating: token}.
    jobCollection.createIndex(Indexes.ascending(ID, JobCounters.CREATING), new IndexOptions().unique(true));
    taskCollection.createIndex(Indexes.ascending(JOB_ID));
    taskCollection.createIndex(Indexes.ascending(MERCURY_ID, STATUS));
    taskCollection.createIndex(Indexes.ascending(BACKEND, STATUS));
    jobCollection.createIndex(Indexes.descending(TIME_CREATED));
  }

  /**
   * Why the store could not be reached, when {@code e} or one of its causes says it is away (down,
   * restarting, unreachable, no primary) rather than refusing a write: a request worth retrying as is.
   */
  public static Optional<String> outage(Throwable e) {
    return StoreOutage.of(e).map(Throwable::getMessage);
  }

  public double now() {
    return MsgPack.epochSeconds(clock.instant());
  }

  // Jobs

  /** Inserts a job and its tasks: the job first, so no task ever exists without its job. */
  public void insertJob(Job job, List<Task> jobTasks) {
    jobs.insert(job);
    tasks.insert(jobTasks);
  }

  /** As {@link #insertJob(Job, List)}, with the documents as they are: the store's tests write partial ones. */
  void insertJob(Document job, List<Document> jobTasks) {
    jobs.insert(job);
    tasks.insertDocuments(jobTasks);
  }

  /** See {@link JobStore#job}. */
  public Optional<Map<String, Object>> job(String jobId, Map<String, Object> projection) {
    return jobs.job(jobId, projection);
  }

  /** See {@link JobStore#jobs}. */
  public List<Map<String, Object>> jobs(Map<String, Object> projection, int limit) {
    return jobs.jobs(projection, limit);
  }

  /** See {@link JobStore#cancelled}. */
  public boolean cancelled(String jobId) {
    return jobs.cancelled(jobId);
  }

  /** See {@link JobStore#markCancelled}. */
  public void markCancelled(String jobId, String by) {
    jobs.markCancelled(jobId, by);
  }

  /** See {@link JobStore#sweepCompletedBefore}. */
  public long sweepCompletedBefore(Instant cutoff) {
    return jobs.sweepCompletedBefore(cutoff);
  }

  /**
   * Up to {@code limit} ids of jobs ({@code ofTasks} false) or tasks that start with {@code prefix}, in
   * id order: what an operator's shortened id may stand for. The prefix is matched literally.
   */
  public List<String> idsStartingWith(boolean ofTasks, String prefix, int limit) {
    return ofTasks ? tasks.idsStartingWith(prefix, limit) : jobs.idsStartingWith(prefix, limit);
  }

  // Tasks

  /** See {@link TaskStore#insert}. */
  public void insertTasks(List<Task> jobTasks) {
    tasks.insert(jobTasks);
  }

  /** A whole task as a client sees it, with what agents and transitions added, or empty when there is none. */
  public Optional<Map<String, Object>> task(String taskId) {
    return tasks.task(taskId).map(t -> t);
  }

  public List<Task> tasksById(Collection<String> taskIds) {
    return tasks.byIds(taskIds);
  }

  /** See {@link TaskStore#ofJob}. */
  public List<Map<String, Object>> tasksOfJob(String jobId, Map<String, Object> projection) {
    return tasks.ofJob(jobId, projection);
  }

  /** The tasks of a job not yet in a terminal state. */
  public List<Task> openTasksOfJob(String jobId) {
    return tasks.openOfJob(jobId);
  }

  /** The tasks targeting a device not yet in a terminal state, whole, as a client sees them. */
  public List<Map<String, Object>> openTasksOnDevice(String mercuryId) {
    return tasks.openOnDevice(mercuryId);
  }

  /** The tasks a backend dispatches not yet in a terminal state. */
  public List<Task> openTasksOfBackend(String backend) {
    return tasks.openOfBackend(backend);
  }

  // Counters

  /** See {@link JobCounters#countNewTasks}. */
  public void countNewTasks(String jobId, long open, long refused) {
    counters.countNewTasks(jobId, open, refused);
  }

  /** See {@link JobCounters#finishCreating}. */
  public boolean finishCreating(String jobId, String token, String interruption) {
    return counters.finishCreating(jobId, token, interruption);
  }

  /** See {@link JobCounters#finishAbandonedCreations}. */
  public int finishAbandonedCreations(Instant idleBefore) {
    return counters.finishAbandonedCreations(idleBefore);
  }

  /** See {@link JobCounters#recount}. */
  public void recount(String jobId) {
    counters.recount(jobId);
  }

  // Transitions

  /** See {@link TransitionWriter#transition}. */
  public Optional<TaskStatus> transition(
      String taskId, Set<TaskStatus> from, TaskStatus to, Map<String, Object> fields, String reason) {
    return writer.transition(taskId, from, to, fields, reason);
  }

  /** See {@link TransitionWriter#transitionAsync}. */
  public CompletableFuture<Optional<TaskStatus>> transitionAsync(
      String taskId, Set<TaskStatus> from, TaskStatus to, Map<String, Object> fields, String reason) {
    return writer.transitionAsync(taskId, from, to, fields, reason);
  }

  /** See {@link TransitionWriter#transitions}. */
  public List<Optional<TaskStatus>> transitions(String taskId, List<TransitionWriter.Step> steps) {
    return writer.transitions(taskId, steps);
  }

  /** See {@link TransitionWriter#transitionHeld}. */
  public CompletableFuture<Optional<TaskStatus>> transitionHeld(
      String taskId, Set<TaskStatus> from, TaskStatus to, Map<String, Object> fields, String reason, Duration idleHold, Duration maxHold) {
    return writer.transitionHeld(taskId, from, to, fields, reason, idleHold, maxHold);
  }

  /** See {@link TransitionWriter#updateOpenTask}. */
  public boolean updateOpenTask(String taskId, Map<String, Object> fields) {
    return writer.updateOpenTask(taskId, fields);
  }

  /** Transitions queued and not yet being written: a backlog means reports wait for the store. */
  public int pendingTransitions() {
    return writer.pendingTransitions();
  }

  /** Transitions held back ({@link #transitionHeld}) and not yet queued. */
  public int heldTransitions() {
    return writer.heldTransitions();
  }

  /** Writes the queued transitions and stops the writer thread; the collections stay usable for reads. */
  @Override
  public void close() {
    writer.close();
  }
}
