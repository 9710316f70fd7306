package io.mercury.rpc.backend;

import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.protocol.agent.CancelTask;
import io.mercury.common.protocol.agent.RunTask;
import io.mercury.common.time.TimeSource;
import io.mercury.rpc.model.Task;
import io.mercury.rpc.model.ZmqAddress;
import java.util.List;
import java.util.Map;

/**
 * A task this backend is responsible for until it ends: what to send, where, and its deadline. Mutable
 * state (status, attempts, deadline) is only changed under the instance's lock.
 */
final class OpenTask {
  final String taskId;
  final String jobId;
  final String mercuryId;
  final String agentAddress;
  final String method;
  final List<Object> args;
  final Map<String, Object> kwargs;
  final Double timeoutSeconds;
  private TaskStatus status;
  private int attempts;
  /** The retry waiting to be sent (0: none); taken once, by its timer or by an earlier chance. */
  private long retryToken;
  private long retries;
  private TimeSource.Cancellable deadline;
  private double dispatchedAt;

  private OpenTask(Task task) {
    this.taskId = task.taskId();
    this.jobId = task.jobId();
    this.mercuryId = task.mercuryId();
    String host = task.host();
    this.agentAddress = host != null && task.port() instanceof Number p ? ZmqAddress.tcp(host, p.longValue()) : null;
    this.method = task.method();
    this.args = task.args();
    this.kwargs = task.kwargs();
    this.timeoutSeconds = task.timeout() != null && task.timeout() > 0 ? task.timeout() : null;
    this.status = task.status();
    this.dispatchedAt = task.timeDispatched() != null ? task.timeDispatched() : 0;
  }

  static OpenTask from(Task task) {
    return new OpenTask(task);
  }

  /**
   * The agent RPC message (docs/protocol.md, "Agent"), with Mercury's {@code timeout} and the target's {@code
   * mercury_id}, which a Mercury agent checks against its own before it runs anything.
   */
  RunTask runTask() {
    return new RunTask(method, args, kwargs, taskId, jobId, mercuryId, timeoutSeconds);
  }

  /** The cancel message for this task. */
  CancelTask cancel() {
    return new CancelTask(taskId, jobId, mercuryId);
  }

  /** The task's timeout in seconds as the operator gave it: {@code 30}, or {@code 2.5}. */
  String timeoutText() {
    double seconds = timeoutSeconds;
    return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
  }

  synchronized TaskStatus status() {
    return status;
  }

  synchronized void status(TaskStatus s) {
    status = s;
  }

  synchronized int nextAttempt() {
    return ++attempts;
  }

  synchronized void resetAttempts() {
    attempts = 0;
  }

  /** A retry is scheduled: the token its timer must present to {@link #takeRetry(long)}. */
  synchronized long awaitRetry() {
    retryToken = ++retries;
    return retryToken;
  }

  /** Whether the retry with {@code token} is still waiting; it is not any more after this. */
  synchronized boolean takeRetry(long token) {
    if (retryToken != token) {
      return false;
    }
    retryToken = 0;
    return true;
  }

  /** Whether any retry is waiting; it is not any more after this (it is sent now instead). */
  synchronized boolean takeWaitingRetry() {
    return retryToken != 0 && takeRetry(retryToken);
  }

  synchronized double dispatchedAt() {
    return dispatchedAt;
  }

  synchronized void dispatchedAt(double t) {
    dispatchedAt = t;
  }

  synchronized void deadline(TimeSource.Cancellable next) {
    if (deadline != null) {
      deadline.cancel();
    }
    deadline = next;
  }

  synchronized void clearDeadline() {
    deadline(null);
  }
}
