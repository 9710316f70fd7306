package io.mercury.rpc.store;

import static io.mercury.rpc.model.TaskDocs.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.TaskStatus;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * A job's per-state task counters ({@code counts}), its {@code task_count} and {@code remaining}, and
 * its completion: {@code time_completed} is stamped once, when the last open task ends (or, for a job
 * still being created, when its creation ends with nothing open).
 *
 * <p>The counters follow the tasks' transitions and may lag them: a crash between a task's update and
 * its job's leaves them behind, and {@link #recount} repairs a job from its tasks. Every update is a
 * single-document write, so calls from several threads and processes are safe.
 */
public final class JobCounters {
  /**
   * Field of a job whose tasks are still being stored: the token of its creation (absent once created).
   * While it is set the job's {@code remaining} counts one task more than are open, so the job cannot
   * complete between two pages of its tasks (see {@link #countNewTasks}, {@link #finishCreating}).
   */
  public static final String CREATING = "creating";
  /** Why a job whose creation stopped half-way has fewer tasks than targets. */
  public static final String CREATION_INTERRUPTED = "creation_interrupted";

  private final MongoCollection<Document> jobs;
  private final MongoCollection<Document> tasks;
  private final InstantSource clock;

  JobCounters(MongoCollection<Document> jobs, MongoCollection<Document> tasks, InstantSource clock) {
    this.jobs = jobs;
    this.tasks = tasks;
    this.clock = clock;
  }

  /** A task of {@code jobId} that moved from {@code from} to {@code to} at {@code instant}. */
  record Move(String jobId, TaskStatus from, TaskStatus to, Instant instant) {}

  /**
   * Counts a page of new tasks into their job being created, <em>before</em> they are stored: {@code
   * open} tasks to dispatch and {@code refused} ones already failed. Counted first, a task that ends
   * quickly can never take the job's counters below what is open.
   */
  public void countNewTasks(String jobId, long open, long refused) {
    double now = MsgPack.epochSeconds(clock.instant());
    jobs.updateOne(
        Filters.eq(ID, jobId),
        Updates.combine(
            Updates.inc(TASK_COUNT, open + refused),
            Updates.inc(REMAINING, open),
            Updates.inc(COUNTS + "." + TaskStatus.NEW.name(), open),
            Updates.inc(COUNTS + "." + TaskStatus.ERROR.name(), refused),
            Updates.set(TIME_UPDATED, now)));
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

  /** One counter update per job for the moves of a batch that applied. */
  void count(List<Move> moves) {
    Map<String, Map<String, Long>> deltas = new LinkedHashMap<>();
    Map<String, Long> ended = new HashMap<>();
    Map<String, Instant> latest = new HashMap<>();
    for (Move m : moves) {
      Map<String, Long> d = deltas.computeIfAbsent(m.jobId(), k -> new LinkedHashMap<>());
      d.merge(m.from().name(), -1L, Long::sum);
      d.merge(m.to().name(), 1L, Long::sum);
      ended.merge(m.jobId(), m.to().isTerminal() ? 1L : 0L, Long::sum);
      latest.merge(m.jobId(), m.instant(), (a, b) -> a.isAfter(b) ? a : b);
    }
    deltas.forEach((jobId, d) -> countMoves(jobId, d, ended.get(jobId), latest.get(jobId)));
  }

  private void countMoves(String jobId, Map<String, Long> deltas, long ended, Instant instant) {
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

  /**
   * Recomputes a job's counters from its tasks and completes it if nothing is open; used after a
   * crash may have left them behind.
   */
  public void recount(String jobId) {
    Map<String, Object> counts = emptyCounts();
    // a job still being created keeps the task its creation holds
    Document creating = jobs.find(Filters.eq(ID, jobId)).projection(new Document(CREATING, 1)).first();
    long open = creating != null && creating.get(CREATING) != null ? 1L : 0L;
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

  /** Counters with every state at zero, in state order. */
  public static Map<String, Object> emptyCounts() {
    Map<String, Object> counts = new LinkedHashMap<>();
    for (TaskStatus s : TaskStatus.values()) {
      counts.put(s.name(), 0L);
    }
    return counts;
  }
}
