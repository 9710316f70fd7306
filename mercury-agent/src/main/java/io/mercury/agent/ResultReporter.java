package io.mercury.agent;

import io.mercury.common.client.BackendClient;
import io.mercury.common.logging.LogKeys;
import io.mercury.common.logging.LogScope;
import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.protocol.backend.TaskCompletion;
import io.mercury.common.protocol.backend.TaskUpdate;
import io.mercury.common.time.Backoff;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.TransportException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends task reports to the backend in order, on one thread: {@code update_task} (best effort, one
 * attempt) and {@code complete_task} (until acknowledged).
 *
 * <p>A completion is saved in the {@link ResultSpool} before it is queued and deleted only once the
 * backend acknowledged it with a non-error reply. No reply, or an error reply starting "Server busy",
 * means "try again": the same completion is resent after a jittered {@link Backoff} (0.5 s doubling up
 * to 30 s, so agents that lost the backend together do not resend in step) and the reports behind it
 * wait. Any other error reply is a refusal for good: it is logged and the file is kept aside as {@code
 * .rejected}. On start every spooled result is queued again.
 *
 * <p>A task's STARTED waits for its result: when nothing else is queued, the reporter gives the task
 * {@link #STARTED_HOLD} to finish. A result that comes within it is sent alone, and its {@code
 * time_started} stands for the STARTED (the backend writes both as one update), so a short task costs
 * one round trip and one store write instead of two of each. Anything else queued meanwhile ends the
 * wait at once and the STARTED is sent first, as before; nothing but the STARTED itself is ever delayed.
 */
public final class ResultReporter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ResultReporter.class);
  private static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final int MAX_QUEUED_UPDATES = 10_000;
  /** How long a STARTED report waits, with nothing else to send, for the result that makes it redundant. */
  public static final Duration STARTED_HOLD = Duration.ofMillis(50);

  private final BackendClient backend;
  private final ResultSpool spool;
  private final LinkedBlockingDeque<Report> queue = new LinkedBlockingDeque<>();
  private final AtomicInteger queuedUpdates = new AtomicInteger();
  private final Semaphore nudges = new Semaphore(0);
  private final Thread thread;
  private final Duration startedHold;
  private volatile boolean running = true;

  private sealed interface Report {
    String taskId();

    String jobId();
  }

  private record Update(TaskUpdate data) implements Report {
    boolean started() {
      return data.status() == TaskStatus.STARTED;
    }

    @Override
    public String taskId() {
      return data.taskId();
    }

    @Override
    public String jobId() {
      return data.jobId();
    }
  }

  private record Completion(TaskCompletion data) implements Report {
    @Override
    public String taskId() {
      return data.taskId();
    }

    @Override
    public String jobId() {
      return data.jobId();
    }
  }

  public ResultReporter(BackendClient backend, ResultSpool spool) {
    this(backend, spool, STARTED_HOLD);
  }

  /** @param startedHold how long a STARTED waits for its task's result (zero: never) */
  ResultReporter(BackendClient backend, ResultSpool spool, Duration startedHold) {
    this.backend = backend;
    this.spool = spool;
    this.startedHold = startedHold;
    this.thread = Thread.ofPlatform().name("agent-reporter").daemon().unstarted(this::run);
  }

  /** Queues every spooled result, then starts sending. */
  public void start() throws IOException {
    for (TaskCompletion completion : spool.pending()) {
      log.info("resending the spooled result of task {}", completion.taskId());
      queue.add(new Completion(completion));
    }
    thread.start();
  }

  /** Queues an {@code update_task}; dropped (and logged) when the backend is far behind. */
  public void update(TaskUpdate updateData) {
    if (queuedUpdates.incrementAndGet() > MAX_QUEUED_UPDATES) {
      queuedUpdates.decrementAndGet();
      log.warn("dropping update_task for task {}: {} updates already wait for the backend",
          updateData.taskId(), MAX_QUEUED_UPDATES);
      return;
    }
    queue.add(new Update(updateData));
  }

  /** Saves a completion in the spool, then queues it for sending. */
  public void complete(TaskCompletion completion) {
    String taskId = completion.taskId();
    try {
      spool.save(completion);
    } catch (IOException e) {
      log.error("cannot spool the result of task {} ({}); it is kept in memory only", taskId, e.getMessage(), e);
    }
    queue.add(new Completion(completion));
  }

  /** Ends any back-off wait now, so a waiting completion is resent at once. */
  public void resendNow() {
    nudges.release();
  }

  private void run() {
    Backoff backoff = new Backoff(INITIAL_BACKOFF, MAX_BACKOFF);
    while (running) {
      Report report;
      try {
        report = queue.pollFirst(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (report == null) {
        continue;
      }
      try (LogScope scope = LogScope.of(LogKeys.TASK_ID, report.taskId(), LogKeys.JOB_ID, String.valueOf(report.jobId()))) {
        switch (report) {
          case Update u -> {
            queuedUpdates.decrementAndGet();
            if (!(u.started() && startedIsRedundant(u))) {
              sendUpdate(u);
            }
          }
          case Completion c -> {
            if (sendCompletion(c)) {
              backoff.reset();
            } else {
              queue.addFirst(c);
              if (!pause(backoff.next())) {
                return;
              }
            }
          }
        }
      }
    }
  }

  /**
   * Whether {@code started} need not be sent: the next report is its task's result (waiting up to
   * {@link #startedHold} for a report when none is queued; the report stays queued, to be sent next),
   * or the reporter is closing.
   */
  private boolean startedIsRedundant(Update started) {
    Report next = queue.peekFirst();
    if (next == null && !startedHold.isZero()) {
      try {
        next = queue.pollFirst(startedHold.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return true;
      }
      if (next != null) {
        queue.addFirst(next);
      }
    }
    return next instanceof Completion c && c.taskId().equals(started.taskId());
  }

  private void sendUpdate(Update u) {
    try {
      backend.updateTask(u.data());
    } catch (RemoteException e) {
      log.warn("backend refused update_task: {}", e.getMessage());
    } catch (TransportException e) {
      log.warn("update_task not delivered: {}", e.getMessage());
    }
  }

  /** True when the completion needs no more sending (acknowledged or refused for good). */
  private boolean sendCompletion(Completion c) {
    RemoteException refused = null;
    try {
      backend.completeTask(c.data());
    } catch (RemoteException e) {
      if (String.valueOf(e.getMessage()).startsWith("Server busy")) {
        log.warn("backend busy; complete_task will be retried: {}", e.getMessage());
        return false;
      }
      refused = e;
    } catch (TransportException e) {
      log.warn("complete_task not acknowledged ({}); will retry", e.getMessage());
      return false;
    }
    try {
      if (refused == null) {
        spool.delete(c.taskId());
        log.info("result of task {} delivered ({})", c.taskId(), c.data().status());
      } else {
        spool.reject(c.taskId());
        log.error("backend refused the result of task {}: {}; kept aside in the spool", c.taskId(), refused.getMessage());
      }
    } catch (IOException e) {
      log.error("cannot update the spool for task {}: {}", c.taskId(), e.getMessage(), e);
    }
    return true;
  }

  private boolean pause(Duration d) {
    try {
      if (nudges.tryAcquire(d.toMillis(), TimeUnit.MILLISECONDS)) {
        nudges.drainPermits();
      }
      return running;
    } catch (InterruptedException e) {
      return false;
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
