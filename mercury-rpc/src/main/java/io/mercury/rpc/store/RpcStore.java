package io.mercury.rpc.store;

import static io.mercury.rpc.model.TaskDocs.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.store.BatchWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs and tasks in MongoDB ({@code rpc_jobs}, {@code rpc_tasks}), shared by the frontend and every
 * backend. {@code _id} is the job or task id, so every lookup by id is an index lookup on any store.
 *
 * <p>Consistency without transactions: a task changes state only through {@link #transition}, a
 * conditional update that names the states it may leave, so concurrent reporters (an agent's result,
 * the timeout clock, a cancel) cannot both win. The winner then moves the job's per-state counters and,
 * when the last open task ends, stamps the job's {@code time_completed}. A crash between the two
 * writes leaves the counters behind; {@link #recount} repairs a job from its tasks.
 *
 * <p>Transitions are written in batches on one writer thread ({@link #transitionAsync}); {@link #close}
 * writes what is queued and stops it. A transition may also be held back for a while ({@link
 * #transitionHeld}) so that it shares one update with the task's next transitions.
 *
 * <p>Every write names its document by {@code _id}, or by exactly the keys of a unique index with plain
 * values: the embedded store (mongo-java-server) answers nothing else from an index and scans the whole
 * collection instead (it ignores non-unique indexes, and a compound index does not answer {@code $in}).
 * Anything more a write depends on is checked in the batch's read of the tasks.
 */
public final class RpcStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RpcStore.class);
  /**
   * Field of a job whose tasks are still being stored: the token of its creation (absent once created).
   * While it is set the job's {@code remaining} counts one task more than are open, so the job cannot
   * complete between two pages of its tasks (see {@link #countNewTasks}, {@link #finishCreating}).
   */
  public static final String CREATING = "creating";
  /** Why a job whose creation stopped half-way has fewer tasks than targets. */
  public static final String CREATION_INTERRUPTED = "creation_interrupted";

  private static final int INSERT_CHUNK = 1000;
  private static final int MAX_BATCH = 1000;
  private static final AtomicLong INSTANCES = new AtomicLong();
  /** The last transition's marker on a task; tells which transitions of a batch applied (see confirmed). */
  static final String TRANSITION_MARKER = "transition_marker";

  private final MongoCollection<Document> jobs;
  private final MongoCollection<Document> tasks;
  private final InstantSource clock;
  private final BatchWriter<Transition> writer;
  /** How often held transitions are checked for the end of their hold while any are held. */
  private static final long HOLD_CHECK_MS = 5;
  /** Transitions held back, by task id: written with the task's next transition or when the hold ends. */
  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private final AtomicBoolean holdCheckScheduled = new AtomicBoolean();
  private final ScheduledExecutorService holdTimer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "rpc-store-hold");
            t.setDaemon(true);
            return t;
          });
  /** Whether the writer thread is writing a batch; with nothing queued either, the writer is idle. */
  private volatile boolean writing;
  private volatile boolean closed;
  private final String instanceId = Long.toString(ProcessHandle.current().pid(), 36) + "." + INSTANCES.incrementAndGet();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong taskUpdates = new AtomicLong();
  private final AtomicLong heldMerged = new AtomicLong();

  public RpcStore(MongoCollection<Document> jobs, MongoCollection<Document> tasks, InstantSource clock) {
    this.jobs = jobs;
    this.tasks = tasks;
    this.clock = clock;
    this.writer = new BatchWriter<>("rpc-store-writer", MAX_BATCH, this::write);
  }

  /**
   * Creates the indexes. The TTL indexes expire finished jobs and tasks on a real MongoDB; the embedded
   * store accepts and ignores them, which is why {@link #sweepCompletedBefore} exists too.
   */
  public void ensureIndexes(Duration retention) {
    IndexOptions ttl = new IndexOptions().expireAfter(retention.toSeconds(), TimeUnit.SECONDS);
    jobs.createIndex(Indexes.ascending(TTL_TIME_COMPLETED), ttl);
    tasks.createIndex(Indexes.ascending(TTL_TIME_COMPLETED), ttl);
    // Redundant on MongoDB (_id is unique already), but the embedded store answers a query from an
    // index only when the query names exactly the index's keys: without this, every conditional
    // transition ({_id, status}) scans the whole collection.
    tasks.createIndex(Indexes.ascending(ID, STATUS), new IndexOptions().unique(true));
    // The same for a job's completion, {_id, time_completed: null}.
    jobs.createIndex(Indexes.ascending(ID, TIME_COMPLETED), new IndexOptions().unique(true));
    // The same for the end of a job's creation, {_id, creating: token}.
    jobs.createIndex(Indexes.ascending(ID, CREATING), new IndexOptions().unique(true));
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
    insertTasks(jobTasks);
  }

  /** Inserts tasks of a job already stored, in a few unordered bulk inserts. */
  public void insertTasks(List<Document> jobTasks) {
    for (int i = 0; i < jobTasks.size(); i += INSERT_CHUNK) {
      tasks.insertMany(
          jobTasks.subList(i, Math.min(jobTasks.size(), i + INSERT_CHUNK)),
          new InsertManyOptions().ordered(false));
    }
  }

  /**
   * Counts a page of new tasks into their job being created, <em>before</em> they are stored: {@code
   * open} tasks to dispatch and {@code refused} ones already failed. Counted first, a task that ends
   * quickly can never take the job's counters below what is open.
   */
  public void countNewTasks(String jobId, long open, long refused) {
    double now = now();
    jobs.updateOne(
        Filters.eq(ID, jobId),
        Updates.combine(
            Updates.inc(TASK_COUNT, open + refused),
            Updates.inc(REMAINING, open),
            Updates.inc(COUNTS + "." + TaskStatus.NEW.name(), open),
            Updates.inc(COUNTS + "." + TaskStatus.ERROR.name(), refused),
            Updates.set(TIME_UPDATED, now)));
  }

  /** Whether a job has been cancelled. */
  public boolean cancelled(String jobId) {
    return job(jobId, Map.of(CANCELLED, 1)).map(j -> Boolean.TRUE.equals(j.get(CANCELLED))).orElse(false);
  }

  /**
   * Ends the creation {@code token} of a job: releases the task {@code remaining} held for it and
   * completes the job when nothing is open. Does nothing when that creation has already ended.
   *
   * @param interruption why the creation stopped before every target had a task, or null when it did not
   * @return whether this call ended the creation
   */
  public boolean finishCreating(String jobId, String token, String interruption) {
    List<Bson> updates = new ArrayList<>(List.of(Updates.inc(REMAINING, -1L), Updates.unset(CREATING)));
    if (interruption != null) {
      updates.add(Updates.set(CREATION_INTERRUPTED, interruption));
    }
    Document job =
        jobs.findOneAndUpdate(
            new Document(ID, jobId).append(CREATING, token),
            Updates.combine(updates),
            new FindOneAndUpdateOptions()
                .returnDocument(ReturnDocument.AFTER)
                .projection(Projections.include(REMAINING, TIME_COMPLETED)));
    if (job == null) {
      return false;
    }
    if (job.get(TIME_COMPLETED) == null && remaining(job) <= 0) {
      completeJob(jobId, clock.instant());
    }
    return true;
  }

  /**
   * Ends the creations that stopped (their frontend died): jobs still being created whose last change is
   * older than {@code idleBefore}. They keep the tasks they have; returns how many were ended.
   */
  public int finishAbandonedCreations(Instant idleBefore) {
    double cutoff = MsgPack.epochSeconds(idleBefore);
    int ended = 0;
    for (Document job :
        jobs.find(Filters.ne(CREATING, null)).projection(Projections.include(CREATING, TIME_UPDATED, TASK_COUNT))) {
      if (job.get(TIME_UPDATED) instanceof Number updated
          && updated.doubleValue() < cutoff
          && finishCreating(
              job.getString(ID),
              job.getString(CREATING),
              "the frontend stopped while it created the job; it has the "
                  + job.get(TASK_COUNT)
                  + " task(s) stored before that")) {
        ended++;
      }
    }
    return ended;
  }

  public Optional<Document> job(String jobId, Map<String, Object> projection) {
    return Optional.ofNullable(
        jobs.find(Filters.eq(ID, jobId)).projection(projection(projection)).first());
  }

  public Optional<Document> task(String taskId) {
    return Optional.ofNullable(tasks.find(Filters.eq(ID, taskId)).first());
  }

  /**
   * Up to {@code limit} ids of jobs ({@code tasks} false) or tasks that start with {@code prefix}, in id
   * order: what an operator's shortened id may stand for. The prefix is matched literally.
   */
  public List<String> idsStartingWith(boolean ofTasks, String prefix, int limit) {
    MongoCollection<Document> collection = ofTasks ? tasks : jobs;
    List<String> ids = new ArrayList<>();
    for (Document d :
        collection
            .find(Filters.regex(ID, "^" + java.util.regex.Pattern.quote(prefix)))
            .projection(Projections.include(ID))
            .sort(Sorts.ascending(ID))
            .limit(limit)) {
      ids.add(d.getString(ID));
    }
    return ids;
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
   * when the task does not exist or was not in {@code from}. Waits for the batch it is written in (see
   * {@link #transitionAsync}).
   *
   * @throws com.mongodb.MongoException when the store could not be written
   */
  public Optional<TaskStatus> transition(
      String taskId, Set<TaskStatus> from, TaskStatus to, Map<String, Object> fields, String reason) {
    try {
      return transitionAsync(taskId, from, to, fields, reason).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Transitions queued and not yet being written: a backlog means reports wait for the store. */
  public int pendingTransitions() {
    return writer.pending();
  }

  /**
   * {@link #transition}, queued: transitions from every thread are written together, a batch at a
   * time, as one read of the tasks' states, one ordered bulk write of conditional updates (one per
   * task: its transitions in the batch are applied together) and one counter update per job. Each update still names the state the task must be in (the one just read),
   * so a concurrent writer elsewhere wins or loses cleanly; transitions of one task in one batch apply
   * in submission order.
   *
   * @return completes with what {@link #transition} returns, or exceptionally with the store's error
   */
  public CompletableFuture<Optional<TaskStatus>> transitionAsync(
      String taskId, Set<TaskStatus> from, TaskStatus to, Map<String, Object> fields, String reason) {
    Transition t = new Transition(taskId, Set.copyOf(from), to, new LinkedHashMap<>(fields), reason, clock.instant(), new CompletableFuture<>());
    writer.submit(t);
    return t.result();
  }

  /** One transition of a task, for {@link #transitions}. */
  public record Step(Set<TaskStatus> from, TaskStatus to, Map<String, Object> fields, String reason) {}

  /**
   * {@link #transition} of each step in turn, queued together so that they share a batch: the steps
   * that apply are one conditional update of the task and one counter update of its job (an agent's
   * STARTED and result, reported together, cost the store what the result alone does). A step that
   * does not apply (the task is in none of its {@code from} states by then) is skipped and the next is
   * tried from the state the task is in. Waits for the batch.
   *
   * @return for each step, the state it left, or empty when it did not apply
   * @throws com.mongodb.MongoException when the store could not be written
   */
  public List<Optional<TaskStatus>> transitions(String taskId, List<Step> steps) {
    Instant now = clock.instant();
    List<Transition> queued = new ArrayList<>(steps.size());
    for (Step s : steps) {
      queued.add(new Transition(taskId, Set.copyOf(s.from()), s.to(), new LinkedHashMap<>(s.fields()), s.reason(), now, new CompletableFuture<>()));
    }
    writer.submitAll(queued);
    List<Optional<TaskStatus>> left = new ArrayList<>(queued.size());
    try {
      for (Transition t : queued) {
        left.add(t.result().join());
      }
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
    return left;
  }

  /**
   * {@link #transitionAsync}, held back: written together with the next transition queued for the same
   * task (one conditional update for both), or alone once it has been held {@code idleHold} and the
   * writer has nothing else to do, and at the latest after {@code maxHold}. So it costs no write of
   * its own when the task's next transition follows within the hold, and when the store is busy it
   * waits for that one rather than adding to the backlog. Its time is now, whenever it is written. A
   * task has at most one held transition; a second one sends the first to the writer at once.
   *
   * <p>Until it is written the store does not show it: a process that dies during the hold loses it,
   * so hold only a transition whose loss the restart repairs (DISPATCHED: a task still NEW in the store
   * is sent again on restart, and the agent answers a task id it already has as a duplicate). {@link
   * #close} writes what is held.
   *
   * @throws IllegalStateException when the store is closed
   */
  public CompletableFuture<Optional<TaskStatus>> transitionHeld(
      String taskId, Set<TaskStatus> from, TaskStatus to, Map<String, Object> fields, String reason, Duration idleHold, Duration maxHold) {
    if (closed) {
      throw new IllegalStateException("the store is closed");
    }
    Transition t = new Transition(taskId, Set.copyOf(from), to, new LinkedHashMap<>(fields), reason, clock.instant(), new CompletableFuture<>());
    long now = System.nanoTime();
    Held h = new Held(t, now + idleHold.toNanos(), now + maxHold.toNanos());
    Held before = held.put(taskId, h);
    if (before != null) {
      writer.submit(before.transition());
    }
    try {
      scheduleHoldCheck();
    } catch (IllegalStateException e) {
      held.remove(taskId, h);
      throw e;
    }
    return t.result();
  }

  /** A held transition: written alone from {@code idleAfter} when the writer is idle, or at {@code until}. */
  private record Held(Transition transition, long idleAfter, long until) {}

  private void scheduleHoldCheck() {
    if (holdCheckScheduled.compareAndSet(false, true)) {
      try {
        holdTimer.schedule(this::releaseDue, HOLD_CHECK_MS, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        holdCheckScheduled.set(false);
        throw new IllegalStateException("the store is closed");
      }
    }
  }

  /** Sends the held transitions whose hold has ended to the writer; runs while any are held. */
  private void releaseDue() {
    holdCheckScheduled.set(false);
    long now = System.nanoTime();
    boolean idle = !writing && writer.pending() == 0;
    for (Held h : held.values()) {
      if (now - h.until() >= 0 || (idle && now - h.idleAfter() >= 0)) {
        release(h);
      }
    }
    if (!held.isEmpty() && !closed) {
      try {
        scheduleHoldCheck();
      } catch (IllegalStateException e) {
        // closing: close() writes what is held
      }
    }
  }

  /** Unless a batch took it with a later transition of its task, {@code h} is written now. */
  private void release(Held h) {
    if (held.remove(h.transition().taskId(), h)) {
      try {
        writer.submit(h.transition());
      } catch (IllegalStateException closed) {
        h.transition().result().completeExceptionally(closed);
      }
    }
  }

  /** Transitions held back ({@link #transitionHeld}) and not yet queued. */
  public int heldTransitions() {
    return held.size();
  }

  /** One queued transition; {@code to} is null for fields set on an open task without a change of state. */
  private record Transition(
      String taskId,
      Set<TaskStatus> from,
      TaskStatus to,
      Map<String, Object> fields,
      String reason,
      Instant instant,
      CompletableFuture<Optional<TaskStatus>> result) {}

  /** A transition that won: the state it left, its job, and the marker its update wrote. */
  private record Won(Transition transition, TaskStatus previous, String jobId, String marker) {}

  private void write(List<Transition> queued) {
    // A held transition of a task goes first in its task's chain: it was submitted before the rest.
    writing = true;
    List<Transition> batch = new ArrayList<>(queued.size());
    for (Transition t : queued) {
      Held h = held.remove(t.taskId());
      if (h != null) {
        batch.add(h.transition());
        heldMerged.incrementAndGet();
      }
      batch.add(t);
    }
    try {
      List<Won> won = writeTasks(batch);
      writeCounters(won);
      Set<Transition> winners = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Won w : won) {
        winners.add(w.transition());
        w.transition().result().complete(Optional.of(w.previous()));
      }
      for (Transition t : batch) {
        if (!winners.contains(t)) {
          t.result().complete(Optional.empty());
        }
      }
    } catch (RuntimeException e) {
      batch.forEach(t -> t.result().completeExceptionally(e));
    } finally {
      writing = false;
    }
  }

  private List<Won> writeTasks(List<Transition> batch) {
    Set<String> ids = new HashSet<>();
    batch.forEach(t -> ids.add(t.taskId()));
    Map<String, TaskStatus> state = new HashMap<>();
    Map<String, String> jobOf = new HashMap<>();
    for (Document d : tasks.find(Filters.in(ID, ids)).projection(Projections.include(STATUS, JOB_ID))) {
      state.put(d.getString(ID), TaskStatus.parse(d.getString(STATUS)));
      jobOf.put(d.getString(ID), d.getString(JOB_ID));
    }
    String batchId = Long.toString(batches.incrementAndGet(), 36) + "-" + instanceId;
    List<Won> won = new ArrayList<>();
    // The transitions of one task that won, in order, from the state it is in now: written as one
    // update (DISPATCHED, STARTED and SUCCESS of a task often share a batch when the store lags).
    Map<String, List<Transition>> chains = new LinkedHashMap<>();
    Map<String, TaskStatus> before = new HashMap<>();
    for (Transition t : batch) {
      TaskStatus current = state.get(t.taskId());
      if (current == null || !t.from().contains(current)) {
        continue;
      }
      before.putIfAbsent(t.taskId(), current);
      chains.computeIfAbsent(t.taskId(), k -> new ArrayList<>()).add(t);
      won.add(new Won(t, current, jobOf.get(t.taskId()), null));
      if (t.to() != null) {
        state.put(t.taskId(), t.to());
      }
    }
    if (chains.isEmpty()) {
      return won;
    }
    Map<String, String> markers = new HashMap<>();
    List<WriteModel<Document>> updates = new ArrayList<>();
    chains.forEach(
        (taskId, chain) -> {
          String marker = batchId + "-" + updates.size();
          markers.put(taskId, marker);
          // Flat {_id, status}: the (_id, status) index answers it on the embedded store (see ensureIndexes).
          updates.add(new UpdateOneModel<>(new Document(ID, taskId).append(STATUS, before.get(taskId).name()), update(chain, marker)));
        });
    won.replaceAll(w -> new Won(w.transition(), w.previous(), w.jobId(), markers.get(w.transition().taskId())));
    BulkWriteResult result = tasks.bulkWrite(updates, new BulkWriteOptions().ordered(true));
    List<Won> applied = result.getMatchedCount() == updates.size() ? won : confirmed(won);
    this.applied.addAndGet(applied.size());
    taskUpdates.addAndGet(result.getMatchedCount());
    return applied;
  }

  /**
   * After a bulk write matched fewer tasks than expected (another process changed some first): the
   * transitions that did apply, told by the marker each task was last written with. A task's
   * transitions of one batch are one update, so they applied together or not at all.
   */
  private List<Won> confirmed(List<Won> won) {
    Set<String> ids = new HashSet<>();
    won.forEach(w -> ids.add(w.transition().taskId()));
    Map<String, String> last = new HashMap<>();
    for (Document d : tasks.find(Filters.in(ID, ids)).projection(Projections.include(TRANSITION_MARKER))) {
      last.put(d.getString(ID), d.getString(TRANSITION_MARKER));
    }
    return won.stream().filter(w -> w.marker().equals(last.get(w.transition().taskId()))).toList();
  }

  /** One task's transitions of a batch, in order, as the single update that applies them all. */
  private static Bson update(List<Transition> chain, String marker) {
    Document set = new Document();
    List<Document> history = new ArrayList<>();
    for (Transition t : chain) {
      double now = MsgPack.epochSeconds(t.instant());
      set.putAll(t.fields());
      set.put(TIME_UPDATED, now);
      if (t.to() == null) {
        continue;
      }
      set.put(STATUS, t.to().name());
      switch (t.to()) {
        case DISPATCHED -> set.put(TIME_DISPATCHED, now);
        case STARTED -> {
          if (!t.fields().containsKey(TIME_STARTED)) {
            set.put(TIME_STARTED, now);
          }
        }
        default -> {}
      }
      if (t.to().isTerminal()) {
        set.put(TIME_COMPLETED, now);
        set.put(TTL_TIME_COMPLETED, Date.from(t.instant()));
        if (t.reason() != null) {
          set.put(REASON, t.reason());
        }
      }
      Document entry = new Document(STATUS, t.to().name()).append("time", now);
      if (t.reason() != null) {
        entry.append(REASON, t.reason());
      }
      history.add(entry);
    }
    set.put(TRANSITION_MARKER, marker);
    Document update = new Document("$set", set);
    return history.isEmpty() ? update : update.append("$push", new Document(HISTORY, new Document("$each", history)));
  }

  /** One counter update per job for every transition of the batch that applied. */
  private void writeCounters(List<Won> won) {
    Map<String, Map<String, Long>> deltas = new LinkedHashMap<>();
    Map<String, Long> ended = new HashMap<>();
    Map<String, Instant> latest = new HashMap<>();
    for (Won w : won) {
      if (w.jobId() == null || w.transition().to() == null) {
        continue;
      }
      Map<String, Long> d = deltas.computeIfAbsent(w.jobId(), k -> new LinkedHashMap<>());
      d.merge(w.previous().name(), -1L, Long::sum);
      d.merge(w.transition().to().name(), 1L, Long::sum);
      ended.merge(w.jobId(), w.transition().to().isTerminal() ? 1L : 0L, Long::sum);
      latest.merge(w.jobId(), w.transition().instant(), (a, b) -> a.isAfter(b) ? a : b);
    }
    deltas.forEach((jobId, d) -> countTransitions(jobId, d, ended.get(jobId), latest.get(jobId)));
  }

  private void countTransitions(String jobId, Map<String, Long> deltas, long ended, Instant instant) {
    List<Bson> updates = new ArrayList<>();
    deltas.forEach(
        (state, delta) -> {
          if (delta != 0) {
            updates.add(Updates.inc(COUNTS + "." + state, delta));
          }
        });
    updates.add(Updates.set(TIME_UPDATED, MsgPack.epochSeconds(instant)));
    if (ended > 0) {
      updates.add(Updates.inc(REMAINING, -ended));
    }
    Document job =
        jobs.findOneAndUpdate(
            Filters.eq(ID, jobId),
            Updates.combine(updates),
            new FindOneAndUpdateOptions()
                .returnDocument(ReturnDocument.AFTER)
                .projection(Projections.include(REMAINING, TIME_COMPLETED)));
    if (job != null && ended > 0 && job.get(TIME_COMPLETED) == null && remaining(job) <= 0) {
      completeJob(jobId, instant);
    }
  }

  private void completeJob(String jobId, Instant instant) {
    // Flat, not Filters.and (the driver writes that as $and, which no index answers): the unique
    // (_id, time_completed) index answers it on the embedded store.
    jobs.updateOne(
        new Document(ID, jobId).append(TIME_COMPLETED, null),
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
    // Queued like a transition that keeps the state: the batch's read checks the task is open and the
    // update names {_id, status} (index-answered), where {_id, status: {$in: OPEN}} scanned every task.
    Transition t = new Transition(taskId, TaskStatus.OPEN, null, new LinkedHashMap<>(fields), null, clock.instant(), new CompletableFuture<>());
    writer.submit(t);
    try {
      return t.result().join().isPresent();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
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
    // a job still being created keeps the task its creation holds
    long open = job(jobId, Map.of(CREATING, 1)).map(j -> j.get(CREATING) != null ? 1L : 0L).orElse(0L);
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

  /** Writes the queued transitions and stops the writer thread; the collections stay usable for reads. */
  @Override
  public void close() {
    closed = true;
    holdTimer.shutdownNow();
    for (Held h : held.values()) {
      release(h);
    }
    writer.close();
    if (batches.get() > 0) {
      log.info(
          "store writer: {} transitions applied as {} task updates in {} batches; {} held transitions written with a later one",
          applied.get(), taskUpdates.get(), batches.get(), heldMerged.get());
    }
  }
}
