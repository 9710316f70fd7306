package io.mercury.rpc.backend;

import static io.mercury.rpc.model.TaskDocs.*;

import io.mercury.common.logging.LogKeys;
import io.mercury.common.logging.LogScope;
import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.protocol.agent.AgentWire;
import io.mercury.common.time.ScheduledTimeSource;
import io.mercury.common.time.TimeSource;
import io.mercury.rpc.link.AgentRequests;
import io.mercury.rpc.link.LinkFailures;
import io.mercury.rpc.model.Task;
import io.mercury.rpc.store.RpcStore;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers this backend's open tasks to their agents and sees each one to a terminal state.
 *
 * <p>Delivery is at-least-once: a task is sent until its agent accepts it (status 0), with back-off
 * between attempts, and sent again if it was accepted but never started; the agent ignores a task id it
 * already has. Every step is written to the store before the next one is taken, so a restarted backend
 * picks up where it stopped ({@link #recover}).
 *
 * <p>Ends decided here, each with a reason the operator can act on: the agent refused the task (its
 * status and message), it could not be reached after every attempt, it went AWOL (liveness), it
 * restarted while the task was open, or the task outlived its timeout plus a grace period (TIMEOUT; the
 * agent is told to stop it).
 *
 * <p>Threading: agent replies, retries, deadlines and the sweep all run on one small scheduler (its
 * {@link TimeSource}, of two threads unless one is given); store writes happen there, never on the
 * socket thread of the link.
 */
final class TaskDispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TaskDispatcher.class);
  private static final EnumSet<TaskStatus> UNSTARTED = EnumSet.of(TaskStatus.NEW, TaskStatus.DISPATCHED);

  private final RpcStore store;
  private final AgentRequests agents;
  private final DispatchSettings settings;
  private final String backendName;
  private final Map<String, OpenTask> open = new ConcurrentHashMap<>();
  /** Retries scheduled and not yet taken: while there are none, a bound channel costs no scan. */
  private final AtomicInteger waitingRetries = new AtomicInteger();
  private final TimeSource scheduler;
  /** The scheduler this dispatcher started for itself (closed with it); null when one was given. */
  private final ScheduledTimeSource ownScheduler;
  private volatile TimeSource.Cancellable sweeps;

  TaskDispatcher(RpcStore store, AgentRequests agents, DispatchSettings settings, String backendName) {
    this(store, agents, settings, backendName, null);
  }

  /** A dispatcher on {@code scheduler}, which the caller keeps owning; null: its own, of two threads. */
  TaskDispatcher(RpcStore store, AgentRequests agents, DispatchSettings settings, String backendName, TimeSource scheduler) {
    this.store = store;
    this.agents = agents;
    this.settings = settings;
    this.backendName = backendName;
    this.ownScheduler = scheduler == null ? ScheduledTimeSource.start("dispatch-", 2) : null;
    this.scheduler = scheduler == null ? ownScheduler : scheduler;
  }

  /** Starts the periodic sweep of the store. */
  void start() {
    Duration every = Duration.ofMillis(settings.sweepInterval().toMillis());
    sweeps = scheduler.scheduleWithFixedDelay(this::sweepGuarded, every, every);
  }

  /** Tasks this backend is seeing through. */
  int openCount() {
    return open.size();
  }

  /** Takes over every open task of this backend found in the store; returns how many. */
  int recover() {
    List<Task> found = store.openTasksOfBackend(backendName);
    found.forEach(this::submit);
    if (!found.isEmpty()) {
      log.info("recovered {} open task(s) from the store", found.size());
    }
    return found.size();
  }

  /** The device an open task of this backend was dispatched to, or null when the task is not open here. */
  String targetOf(String taskId) {
    OpenTask t = open.get(taskId);
    return t == null ? null : t.mercuryId;
  }

  /** Takes over the tasks with these ids (the frontend's {@code enqueue_tasks}). */
  int enqueue(Collection<String> taskIds) {
    int taken = 0;
    for (Task task : store.tasksById(taskIds)) {
      if (backendName.equals(task.backend()) && !task.status().isTerminal()) {
        taken += submit(task) ? 1 : 0;
      }
    }
    return taken;
  }

  private boolean submit(Task task) {
    OpenTask t = OpenTask.from(task);
    if (open.putIfAbsent(t.taskId, t) != null) {
      return false;
    }
    if (t.agentAddress == null) {
      fail(t, TaskStatus.ERROR, "the task has no agent address (host/port); the device must register again");
      return true;
    }
    switch (t.status()) {
      case NEW, DISPATCHED -> scheduler.execute(() -> send(t));
      case STARTED -> armDeadline(t);
      default -> open.remove(t.taskId);
    }
    return true;
  }

  private void send(OpenTask t) {
    if (open.get(t.taskId) != t || !UNSTARTED.contains(t.status())) {
      return;
    }
    int attempt = t.nextAttempt();
    try (LogScope scope = scope(t)) {
      log.info("task {} sent to {} (attempt {})", t.taskId, t.agentAddress, attempt);
    }
    long sentAt = scheduler.nanos();
    // onReply handles every outcome, a failed request included; nothing waits on the chain
    var unused = agents.request(t.mercuryId, t.agentAddress, AgentWire.toWire(t.runTask()), settings.attemptTimeout())
        .whenCompleteAsync((reply, error) -> onReply(t, attempt, sentAt, reply, error), scheduler);
  }

  private void onReply(OpenTask t, int attempt, long sentAt, Object reply, Throwable error) {
    if (open.get(t.taskId) != t) {
      return;
    }
    try (LogScope scope = scope(t)) {
      if (error != null) {
        String why = LinkFailures.rootMessage(error);
        if (attempt < settings.attempts()) {
          Duration delay = settings.retryDelay(attempt, LinkFailures.isRefused(error), Duration.ofNanos(scheduler.nanos() - sentAt));
          log.info("dispatch attempt {}/{} to {} failed ({}); retrying in {} ms", attempt, settings.attempts(), t.agentAddress, why, delay.toMillis());
          long token = t.awaitRetry();
          waitingRetries.incrementAndGet();
          scheduler.schedule(
              () -> {
                if (t.takeRetry(token)) {
                  waitingRetries.decrementAndGet();
                  send(t);
                }
              },
              Duration.ofMillis(delay.toMillis()));
        } else {
          fail(t, TaskStatus.ERROR, t.mercuryId + " at " + t.agentAddress + " did not take the task: no reply after " + attempt + " attempts (" + why + ")");
        }
        return;
      }
      AgentRefusal refusal = AgentRefusal.of(reply);
      if (refusal != null) {
        fail(t, TaskStatus.ERROR, "Dispatch Error: " + refusal.text());
        return;
      }
      if (t.status() == TaskStatus.NEW) {
        // Held back for the agent's STARTED (sent as soon as it takes the task, but queued behind
        // other reports when the store is busy) so that both are one update in the store. The agent's
        // reports may overtake it (they start from NEW too), so only a task still NEW when it is
        // written becomes DISPATCHED. Until then the store shows NEW: a backend that dies meanwhile
        // leaves a task NEW that the agent has, and the restart sends it again (recover() sends NEW
        // and DISPATCHED tasks alike), which the agent answers as a duplicate.
        // the callback handles a failed write; nothing waits on the chain
        var unused = store.transitionHeld(t.taskId, EnumSet.of(TaskStatus.NEW), TaskStatus.DISPATCHED, Map.of(ACTION, "Dispatched"), null, settings.dispatchedIdleHold(), settings.dispatchedHold())
            .whenCompleteAsync(
                (left, e) -> {
                  if (e != null) {
                    accepted(t, attempt, e);
                  }
                },
                scheduler);
      }
      accepted(t, attempt, null);
    } catch (RuntimeException e) {
      accepted(t, attempt, e);
    }
  }

  /**
   * The agent accepted the task; {@code error} non-null: its DISPATCHED could not be recorded, so the
   * task is left to the sweep, which finds it NEW in the store and sends it again.
   */
  private void accepted(OpenTask t, int attempt, Throwable error) {
    if (open.get(t.taskId) != t) {
      return;
    }
    try (LogScope scope = scope(t)) {
      if (error != null) {
        log.warn("handling the agent's reply for task {} failed ({}); the sweep will retry", t.taskId, LinkFailures.rootMessage(error));
        open.remove(t.taskId, t);
        t.clearDeadline();
        return;
      }
      if (t.status() == TaskStatus.NEW) {
        t.status(TaskStatus.DISPATCHED);
      }
      // Logged when the agent's acceptance arrives, which may be after the agent logged the task's run:
      // the line says what the backend learnt, not "dispatched" (that is "sent to", before the send).
      log.info("agent at {} took the task (attempt {}): {}", t.agentAddress, attempt, t.method);
      t.dispatchedAt(store.now());
      if (t.status() == TaskStatus.DISPATCHED) {
        armDeadline(t);
      }
    }
  }

  /** The agent said the task started: its timeout now runs from here. */
  void started(String taskId) {
    OpenTask t = open.get(taskId);
    if (t != null) {
      t.status(TaskStatus.STARTED);
      armDeadline(t);
    }
  }

  /** The task reached a terminal state by a report: stop seeing it through. */
  void finished(String taskId) {
    OpenTask t = open.remove(taskId);
    if (t != null) {
      t.clearDeadline();
    }
  }

  /** The frontend cancelled these tasks (already CANCELLED in the store): tell their agents to stop. */
  int cancel(Collection<String> taskIds) {
    int told = 0;
    for (String id : taskIds) {
      OpenTask t = open.remove(id);
      if (t == null) {
        continue;
      }
      t.clearDeadline();
      if (t.status() != TaskStatus.NEW && t.agentAddress != null) {
        tellAgentToStop(t, "cancelled");
        told++;
      }
    }
    return told;
  }

  /** The agent stopped answering pings: its open tasks end in ERROR. */
  void agentLost(String mercuryId, String reason) {
    endAll(mercuryId, null, "agent went AWOL while handling the task: " + reason);
  }

  /** The agent's key was revoked: it is cut off, so its open tasks end in ERROR with that reason. */
  void agentRevoked(String mercuryId, String reason) {
    endAll(mercuryId, null, reason + "; the task may or may not have run");
  }

  /** The agent registered again as a new process: what it had open is gone with the old one. */
  void agentRestarted(String mercuryId) {
    endAll(mercuryId, EnumSet.of(TaskStatus.DISPATCHED, TaskStatus.STARTED), "the agent restarted while the task was open; it may or may not have run");
  }

  /**
   * The agent's channel to this backend was bound (it connected, or reconnected): its tasks waiting for
   * a retry after a failed dispatch are sent now, over the channel, instead of when their retry delay
   * (for a refused one, the rest of its attempt's timeout too) has passed.
   */
  void agentReachable(String mercuryId) {
    if (waitingRetries.get() == 0) {
      return;
    }
    for (OpenTask t : open.values()) {
      if (t.mercuryId.equals(mercuryId) && t.takeWaitingRetry()) {
        waitingRetries.decrementAndGet();
        try (LogScope scope = scope(t)) {
          log.info("task {}: the agent's channel is bound now; sent without waiting for the retry", t.taskId);
        }
        scheduler.execute(() -> send(t));
      }
    }
  }

  /** The agent (re)registered: tasks waiting for it to be reachable are sent now. */
  void agentRegistered(String mercuryId) {
    for (OpenTask t : open.values()) {
      if (t.mercuryId.equals(mercuryId) && t.status() == TaskStatus.NEW) {
        t.resetAttempts();
        scheduler.execute(() -> send(t));
      }
    }
  }

  private void endAll(String mercuryId, EnumSet<TaskStatus> only, String reason) {
    for (OpenTask t : open.values()) {
      if (t.mercuryId.equals(mercuryId) && (only == null || only.contains(t.status()))) {
        try (LogScope scope = scope(t)) {
          fail(t, TaskStatus.ERROR, reason);
        }
      }
    }
  }

  private void armDeadline(OpenTask t) {
    if (t.timeoutSeconds == null) {
      return;
    }
    long delay = Math.round(t.timeoutSeconds * 1000) + settings.timeoutGrace().toMillis();
    t.deadline(scheduler.schedule(() -> timedOut(t), Duration.ofMillis(delay)));
  }

  private void timedOut(OpenTask t) {
    if (open.get(t.taskId) != t) {
      return;
    }
    try (LogScope scope = scope(t)) {
      String reason = "no result within the task's timeout of " + t.timeoutText() + " s (plus " + settings.timeoutGrace().toSeconds() + " s grace); the agent was told to stop it";
      if (fail(t, TaskStatus.TIMEOUT, reason)) {
        tellAgentToStop(t, "timed out");
      }
    }
  }

  private void tellAgentToStop(OpenTask t, String why) {
    // best effort: a failure is logged in the callback; nothing waits on it
    var unused = agents.request(t.mercuryId, t.agentAddress, AgentWire.toWire(t.cancel()), settings.attemptTimeout())
        .whenComplete(
            (reply, error) -> {
              if (error != null) {
                log.info("task {} {}: could not tell {} to stop it: {}", t.taskId, why, t.agentAddress, LinkFailures.rootMessage(error));
              }
            });
  }

  /** Ends a task here; returns whether this call ended it. */
  private boolean fail(OpenTask t, TaskStatus status, String reason) {
    open.remove(t.taskId, t);
    t.clearDeadline();
    Optional<TaskStatus> left =
        store.transition(t.taskId, TaskStatus.OPEN, status, Map.of(ACTION, status == TaskStatus.TIMEOUT ? "Task Timeout" : "Failed", MESSAGE, reason), reason);
    if (left.isPresent()) {
      log.warn("task ended {}: {}", status, reason);
    }
    return left.isPresent();
  }

  private void sweepGuarded() {
    try {
      sweep();
    } catch (RuntimeException e) {
      log.warn("dispatch sweep failed (will retry): {}", e.getMessage());
    }
  }

  /** Takes over open tasks the store has and this backend does not track; resends stalled ones. */
  void sweep() {
    double now = store.now();
    // With transitions queued for the store, agents' STARTED reports may be among them: a task that
    // looks not started may well be running, and resending thousands of them only deepens the backlog.
    int backlog = store.pendingTransitions();
    if (backlog > 0) {
      log.info("{} transitions wait for the store; no stalled task is sent again this sweep", backlog);
    }
    for (Task task : store.openTasksOfBackend(backendName)) {
      OpenTask t = open.get(task.taskId());
      if (t == null) {
        submit(task);
      } else if (backlog == 0 && t.status() == TaskStatus.DISPATCHED && t.dispatchedAt() > 0 && now - t.dispatchedAt() > settings.resendAfter().toSeconds()) {
        log.info("task {} was dispatched {} s ago and has not started; sending it again", t.taskId, Math.round(now - t.dispatchedAt()));
        t.resetAttempts();
        t.dispatchedAt(now);
        scheduler.execute(() -> send(t));
      }
    }
  }

  private static LogScope scope(OpenTask t) {
    return LogScope.of(LogKeys.JOB_ID, t.jobId, LogKeys.TASK_ID, t.taskId, LogKeys.MERCURY_ID, t.mercuryId);
  }

  @Override
  public void close() {
    if (sweeps != null) {
      sweeps.cancel();
    }
    if (ownScheduler != null) {
      ownScheduler.close();
    }
  }
}
