package io.mercury.rpc.store;

import io.mercury.common.time.ScheduledTimeSource;
import io.mercury.common.time.TimeSource;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes finished jobs (and their tasks) once they are older than the retention, every {@code
 * interval}. The embedded store has no TTL expiry; on a real MongoDB the TTL indexes do the same and
 * this finds nothing left to do.
 *
 * <p>Every minute it also ends the creation of jobs whose frontend stopped while it stored their
 * tasks (nothing changed for {@link #ABANDONED_AFTER}), so they can complete with the tasks they have.
 */
public final class RetentionSweeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);

  /** A job creation with no change for this long is taken as abandoned (a page takes well under a second). */
  static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

  private static final Duration ABANDONED_CHECK = Duration.ofMinutes(1);

  private final RpcStore store;
  private final Duration retention;
  private final InstantSource clock;
  private final TimeSource timer;
  /** The timer this sweeper started for itself (closed with it); null when one was given. */
  private final ScheduledTimeSource ownTimer;
  private final List<TimeSource.Cancellable> schedules = new CopyOnWriteArrayList<>();

  /** A sweeper that ages jobs by {@code clock}, with a timer thread of its own. */
  public RetentionSweeper(RpcStore store, Duration retention, InstantSource clock) {
    this.store = store;
    this.retention = retention;
    this.clock = clock;
    this.ownTimer = ScheduledTimeSource.start("rpc-retention", 1);
    this.timer = ownTimer;
  }

  /** A sweeper on {@code time}, for its clock and its timer; the caller keeps owning it. */
  public RetentionSweeper(RpcStore store, Duration retention, TimeSource time) {
    this.store = store;
    this.retention = retention;
    this.clock = time;
    this.ownTimer = null;
    this.timer = time;
  }

  public RetentionSweeper start(Duration interval) {
    schedules.add(timer.scheduleWithFixedDelay(this::sweepGuarded, Duration.ZERO, Duration.ofMillis(interval.toMillis())));
    schedules.add(timer.scheduleWithFixedDelay(this::endAbandonedGuarded, ABANDONED_CHECK, ABANDONED_CHECK));
    return this;
  }

  /** Sweeps once now; returns how many documents were deleted. */
  public long sweep() {
    long deleted = store.sweepCompletedBefore(clock.instant().minus(retention));
    if (deleted > 0) {
      log.info("retention: deleted {} job and task document(s) finished more than {} ago", deleted, retention);
    }
    return deleted;
  }

  /** Ends the creations abandoned by a frontend that stopped; returns how many. */
  public int endAbandonedCreations() {
    int ended = store.finishAbandonedCreations(clock.instant().minus(ABANDONED_AFTER));
    if (ended > 0) {
      log.warn("{} job(s) left half-created by a frontend that stopped were ended with the tasks they have", ended);
    }
    return ended;
  }

  private void endAbandonedGuarded() {
    try {
      endAbandonedCreations();
    } catch (RuntimeException e) {
      log.warn("looking for abandoned job creations failed (will retry): {}", e.getMessage());
    }
  }

  private void sweepGuarded() {
    try {
      sweep();
    } catch (RuntimeException e) {
      log.warn("retention sweep failed (will retry): {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    schedules.forEach(TimeSource.Cancellable::cancel);
    if (ownTimer != null) {
      ownTimer.close();
    }
  }
}
