package io.mercury.rpc.store;

import static io.mercury.rpc.model.TaskDocs.*;

import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.store.BatchWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of a task's state: conditional transitions ("move from one of these states to that
 * one"), written in batches on one writer thread, each applied task moving its job's {@link
 * JobCounters}.
 *
 * <p>Consistency without transactions: a transition names the states it may leave, so concurrent
 * reporters (an agent's result, the timeout clock, a cancel) cannot both win. The batch reads its
 * tasks' states, writes each task's transitions that win as one update conditional on {@code {_id,
 * status}}, and, when another process changed a task first, tells the transitions that applied from
 * the {@link #TRANSITION_MARKER} each update writes. The winners then move the counters.
 *
 * <p>Threading: every method may be called from any thread. {@link #transition} waits for its batch;
 * {@link #transitionAsync} does not. A transition may be held back for a while ({@link
 * #transitionHeld}, on the {@code rpc-store-hold} timer) so that it shares one update with the task's
 * next transition. {@link #close} writes what is queued and held and stops both threads.
 */
public final class TransitionWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TransitionWriter.class);
  private static final int MAX_BATCH = 1000;
  private static final AtomicLong INSTANCES = new AtomicLong();
  /** The last transition's marker on a task; tells which transitions of a batch applied (see confirmed). */
  static final String TRANSITION_MARKER = "transition_marker";
  /** How often held transitions are checked for the end of their hold while any are held. */
  private static final long HOLD_CHECK_MS = 5;

  private final MongoCollection<Document> tasks;
  private final JobCounters counters;
  private final InstantSource clock;
  private final BatchWriter<Transition> writer;
  /** Transitions held back, by task id: written with the task's next transition or when the hold ends. */
  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private final AtomicBoolean holdCheckScheduled = new AtomicBoolean();
  private final ScheduledExecutorService holdTimer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("rpc-store-hold").daemon().factory());
  /** Whether the writer thread is writing a batch; with nothing queued either, the writer is idle. */
  private volatile boolean writing;
  private volatile boolean closed;
  private final String instanceId = Long.toString(ProcessHandle.current().pid(), 36) + "." + INSTANCES.incrementAndGet();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong taskUpdates = new AtomicLong();
  private final AtomicLong heldMerged = new AtomicLong();

  TransitionWriter(MongoCollection<Document> tasks, JobCounters counters, InstantSource clock) {
    this.tasks = tasks;
    this.counters = counters;
    this.clock = clock;
    this.writer = new BatchWriter<>("rpc-store-writer", MAX_BATCH, this::write);
  }

  /** One queued transition; {@code to} is null for fields set on an open task without a change of state. */
  record Transition(
      String taskId,
      Set<TaskStatus> from,
      TaskStatus to,
      Map<String, Object> fields,
      String reason,
      Instant instant,
      CompletableFuture<Optional<TaskStatus>> result) {}

  /** A transition that won: the state it left, its job, and the marker its update wrote. */
  private record Won(Transition transition, TaskStatus previous, String jobId, String marker) {}

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
    return joined(transitionAsync(taskId, from, to, fields, reason));
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
    for (Transition t : queued) {
      left.add(joined(t.result()));
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
        // never cancelled: closing the timer drops it, and holdCheckScheduled keeps one pending at a time
        var unused = holdTimer.schedule(this::releaseDue, HOLD_CHECK_MS, TimeUnit.MILLISECONDS);
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
      counters.count(moves(won));
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
          updates.add(new UpdateOneModel<>(new Document(ID, taskId).append(STATUS, before.get(taskId).name()), TransitionUpdate.of(chain, marker)));
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

  /**
   * Sets progress fields ({@code action}, {@code progress}, ...) on a task that is still open. Returns
   * false when the task is unknown or already finished.
   */
  public boolean updateOpenTask(String taskId, Map<String, Object> fields) {
    // Queued like a transition that keeps the state: the batch's read checks the task is open and the
    // update names {_id, status} (index-answered), where {_id, status: {$in: OPEN}} scanned every task.
    Transition t = new Transition(taskId, TaskStatus.OPEN, null, new LinkedHashMap<>(fields), null, clock.instant(), new CompletableFuture<>());
    writer.submit(t);
    return joined(t.result()).isPresent();
  }

  /** The moves of the transitions that won and changed a task's state, for its job's counters. */
  private static List<JobCounters.Move> moves(List<Won> won) {
    List<JobCounters.Move> moves = new ArrayList<>(won.size());
    for (Won w : won) {
      if (w.jobId() != null && w.transition().to() != null) {
        moves.add(new JobCounters.Move(w.jobId(), w.previous(), w.transition().to(), w.transition().instant()));
      }
    }
    return moves;
  }

  private static <T> T joined(CompletableFuture<T> result) {
    try {
      return result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Writes the queued and held transitions and stops the writer thread. */
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
