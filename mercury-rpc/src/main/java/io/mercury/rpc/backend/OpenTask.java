package io.mercury.rpc.backend;

import static io.mercury.rpc.model.TaskDocs.*;

import io.mercury.common.protocol.TaskStatus;
import io.mercury.rpc.model.ZmqAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.bson.Document;

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
  private ScheduledFuture<?> deadline;
  private double dispatchedAt;

  private OpenTask(Document task) {
    this.taskId = task.getString(ID);
    this.jobId = task.getString(JOB_ID);
    this.mercuryId = task.getString(MERCURY_ID);
    String host = task.getString(HOST);
    Object port = task.get(PORT);
    this.agentAddress = host != null && port instanceof Number p ? ZmqAddress.tcp(host, p.longValue()) : null;
    this.method = task.getString(METHOD);
    this.args = task.getList(ARGS, Object.class, List.of());
    this.kwargs = task.get(KWARGS) instanceof Map<?, ?> kw ? cast(kw) : Map.of();
    this.timeoutSeconds = task.get(TIMEOUT) instanceof Number n && n.doubleValue() > 0 ? n.doubleValue() : null;
    this.status = TaskStatus.parse(task.getString(STATUS));
    this.dispatchedAt = task.get(TIME_DISPATCHED) instanceof Number d ? d.doubleValue() : 0;
  }

  static OpenTask from(Document task) {
    return new OpenTask(task);
  }

  /**
   * The agent RPC message (reference §3.6), with Mercury's {@code timeout} and the target's {@code
   * mercury_id}, which a Mercury agent checks against its own before it runs anything.
   */
  Map<String, Object> rpcMessage() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("category", "rpc");
    m.put("method", method);
    m.put("args", args);
    m.put("kwargs", kwargs);
    m.put("task_id", taskId);
    m.put("job_id", jobId);
    m.put("mercury_id", mercuryId);
    if (timeoutSeconds != null) {
      m.put("timeout", timeoutSeconds);
    }
    return m;
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

  synchronized double dispatchedAt() {
    return dispatchedAt;
  }

  synchronized void dispatchedAt(double t) {
    dispatchedAt = t;
  }

  synchronized void deadline(ScheduledFuture<?> next) {
    if (deadline != null) {
      deadline.cancel(false);
    }
    deadline = next;
  }

  synchronized void clearDeadline() {
    deadline(null);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
