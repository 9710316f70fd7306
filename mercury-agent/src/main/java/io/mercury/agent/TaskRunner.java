package io.mercury.agent;

import io.mercury.agent.capability.Capability;
import io.mercury.agent.capability.CapabilityDescriptor;
import io.mercury.agent.capability.TaskContext;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.logging.LogKeys;
import io.mercury.common.logging.LogScope;
import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.protocol.agent.RunTask;
import io.mercury.common.protocol.backend.TaskCompletion;
import io.mercury.common.protocol.backend.TaskUpdate;
import io.mercury.common.time.TimeSource;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs accepted tasks, each on its own virtual thread with {@code job_id}, {@code task_id} and {@code
 * mercury_id} in its logging context (docs/protocol.md, "Agent", with the fixes of the RPC contract).
 *
 * <p>Admission: a task the agent is running or finished recently is a duplicate and is not run again (a
 * still-spooled result is resent at once); at most {@code maxConcurrent} tasks run; serial capabilities
 * share one lock, taken without waiting. Execution: {@code update_task STARTED} (which the {@link
 * ResultReporter} leaves out when the result follows within its wait), then the capability, then {@code
 * complete_task} with SUCCESS, or ERROR when it threw or returned a map with a truthy {@code error}. A task that outlives its time limit (the request's {@code timeout}, else the capability's) or is
 * cancelled is completed at once as TIMEOUT or CANCELLED and its thread interrupted; the lock and the
 * concurrency slot are released when the thread has actually ended.
 */
public final class TaskRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
  static final String SERIAL_BUSY = "Could not acquire lock, task is already running";

  private final ResultReporter reporter;
  private final ResultSpool spool;
  private final Supplier<String> mercuryId;
  private final int maxConcurrent;
  private final Semaphore slots;
  private final Semaphore serialLock = new Semaphore(1);
  private final Map<String, RunningTask> running = new ConcurrentHashMap<>();
  /** Dates the reports and times the tasks out. */
  private final TimeSource timer;

  /** A runner whose time limits run on {@code timer}, which the caller owns. */
  public TaskRunner(ResultReporter reporter, ResultSpool spool, Supplier<String> mercuryId, int maxConcurrent, TimeSource timer) {
    this.reporter = reporter;
    this.spool = spool;
    this.mercuryId = mercuryId;
    this.maxConcurrent = maxConcurrent;
    this.slots = new Semaphore(maxConcurrent);
    this.timer = Objects.requireNonNull(timer, "timer is null");
  }

  /** Admits and starts a validated task, or says why not. */
  public synchronized Admission submit(RunTask request, Capability capability) {
    String id = request.taskId();
    RunningTask existing = running.get(id);
    if (existing != null) {
      return new Admission.Duplicate(existing.accepted);
    }
    if (spool.isFinished(id)) {
      if (spool.isSpooled(id)) {
        log.info("task {} sent again; its result is still spooled, resending it now", id);
        reporter.resendNow();
      }
      return new Admission.Duplicate(null);
    }
    if (!slots.tryAcquire()) {
      return new Admission.Busy(
          "agent is at its concurrency limit (" + maxConcurrent + " tasks running)");
    }
    CapabilityDescriptor d = capability.descriptor();
    if (d.serial() && !serialLock.tryAcquire()) {
      slots.release();
      return new Admission.Busy(SERIAL_BUSY);
    }
    RunningTask task = new RunningTask(request, capability, now());
    running.put(id, task);
    Duration limit = effectiveTimeout(request, d);
    task.thread = Thread.ofVirtual().name("task-" + request.jobId() + "-" + id).start(() -> execute(task));
    if (limit != null) {
      // a task that ends first leaves a harmless timer behind: completing it again has no effect
      task.timeout =
          timer.schedule(
              () -> terminate(task, TaskStatus.TIMEOUT, "timed out after " + seconds(limit) + " s"),
              Duration.ofMillis(limit.toMillis()));
      if (task.finished.get() && !running.containsKey(id)) {
        task.timeout.cancel();
      }
    }
    return new Admission.Accepted(task.accepted);
  }

  /** Cancels a running task: it is completed as CANCELLED and interrupted. False when not running here. */
  public boolean cancel(String taskId) {
    RunningTask task = running.get(taskId);
    return task != null && terminate(task, TaskStatus.CANCELLED, "cancelled by request");
  }

  /** Ids of the tasks whose threads are still running. */
  public Collection<String> runningTaskIds() {
    return List.copyOf(running.keySet());
  }

  private static Duration effectiveTimeout(RunTask request, CapabilityDescriptor d) {
    if (request.timeout() != null) {
      return request.timeout();
    }
    return d.timeoutSeconds() > 0 ? Duration.ofMillis(Math.round(d.timeoutSeconds() * 1000)) : null;
  }

  private void execute(RunningTask task) {
    RunTask r = task.request;
    try (LogScope scope =
        LogScope.of(LogKeys.JOB_ID, r.jobId(), LogKeys.TASK_ID, r.taskId(), LogKeys.MERCURY_ID, mercuryId.get())) {
      task.started = now();
      reporter.update(TaskUpdate.started(r.taskId(), r.jobId(), task.started));
      log.info("running {}", r.method());
      try {
        Object result = task.capability.run(new Context(r), r.args(), kwargsFor(task));
        MsgPack.encode(result); // a result that cannot be sent is the capability's error, not the reporter's
        boolean error = result instanceof Map<?, ?> m && Truthiness.isTruthy(m.get("error"));
        if (finish(task, error ? TaskStatus.ERROR : TaskStatus.SUCCESS, result, null, null)) {
          log.info("{} completed: {}", r.method(), error ? "ERROR" : "SUCCESS");
        }
      } catch (InterruptedException e) {
        finish(task, TaskStatus.ERROR, null, Tracebacks.of(e), "interrupted");
      } catch (Exception | Error e) {
        log.info("{} failed: {}", r.method(), Tracebacks.describe(e));
        finish(task, TaskStatus.ERROR, null, Tracebacks.of(e), Tracebacks.describe(e));
      }
    } finally {
      if (task.timeout != null) {
        task.timeout.cancel();
      }
      running.remove(r.taskId());
      if (task.capability.descriptor().serial()) {
        serialLock.release();
      }
      slots.release();
    }
  }

  private Map<String, Object> kwargsFor(RunningTask task) {
    if (!task.capability.descriptor().taskIdKwargs()) {
      return task.request.kwargs();
    }
    Map<String, Object> kwargs = new LinkedHashMap<>(task.request.kwargs());
    kwargs.put("task_id", task.request.taskId());
    return kwargs;
  }

  private boolean terminate(RunningTask task, TaskStatus status, String reason) {
    RunTask r = task.request;
    try (LogScope scope = LogScope.of(LogKeys.JOB_ID, r.jobId(), LogKeys.TASK_ID, r.taskId())) {
      if (!finish(task, status, null, null, reason)) {
        return false;
      }
      log.info("task {} {}: {}", r.taskId(), status, reason);
      task.thread.interrupt();
      return true;
    }
  }

  /** Completes a task once; false when it was already completed. */
  private boolean finish(RunningTask task, TaskStatus status, Object message, Map<String, Object> traceback, String reason) {
    if (!task.finished.compareAndSet(false, true)) {
      return false;
    }
    reporter.complete(
        new TaskCompletion(
            task.request.taskId(), task.request.jobId(), status, message, traceback,
            task.started == 0 ? task.accepted : task.started, now(), "Completed", reason));
    return true;
  }

  private double now() {
    return MsgPack.epochSeconds(timer.instant());
  }

  private static String seconds(Duration d) {
    return String.valueOf(d.toMillis() / 1000.0);
  }

  /**
   * Stops: every running task is completed as CANCELLED (so its result is spooled and reaches the
   * backend, after a restart if need be) and interrupted.
   */
  @Override
  public void close() {
    for (RunningTask task : List.copyOf(running.values())) {
      terminate(task, TaskStatus.CANCELLED, "the agent stopped while the task was running");
    }
  }

  private static final class RunningTask {
    final RunTask request;
    final Capability capability;
    final double accepted;
    final AtomicBoolean finished = new AtomicBoolean();
    volatile double started;
    volatile Thread thread;
    volatile TimeSource.Cancellable timeout;

    RunningTask(RunTask request, Capability capability, double accepted) {
      this.request = request;
      this.capability = capability;
      this.accepted = accepted;
    }
  }

  private final class Context implements TaskContext {
    private final RunTask request;

    Context(RunTask request) {
      this.request = request;
    }

    @Override
    public String taskId() {
      return request.taskId();
    }

    @Override
    public String jobId() {
      return request.jobId();
    }

    @Override
    public String mercuryId() {
      return mercuryId.get();
    }

    @Override
    public void progress(String action, double fraction) {
      reporter.update(TaskUpdate.progress(request.taskId(), request.jobId(), action, Math.max(0, Math.min(1, fraction))));
    }
  }
}
