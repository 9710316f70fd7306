package io.mercury.cli.testing;

import io.mercury.common.protocol.frontend.JobDocument;
import io.mercury.common.protocol.frontend.TaskDocument;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Job and task documents shaped like the rpc frontend's (rpc contract), for rendering tests. */
public final class RpcSamples {
  public static final String JOB_ID = "5f0c2a9e-1b7d-4c3e-9a51-0d6e2f8b4c17";
  /** 2026-12-01T09:30:00Z. */
  public static final double T0 = 1_796_117_400.0;

  private RpcSamples() {}

  /** A finished task of {@code mercuryId} in {@code status} with result {@code message}. */
  public static TaskDocument task(String mercuryId, String status, Object message) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("task_id", "task-" + mercuryId.substring(0, 4));
    t.put("job_id", JOB_ID);
    t.put("mercury_id", mercuryId);
    t.put("method", "echo");
    t.put("status", status);
    t.put("message", message);
    t.put("traceback", null);
    t.put("reason", null);
    t.put("time_started", T0 + 1);
    t.put("time_completed", T0 + 2.5);
    return new TaskDocument(t);
  }

  /**
   * A task as the rpc store keeps it: every field the frontend writes at creation (agent address,
   * backend, call, timeout, history), then what the agent reported. Created at {@link #T0}, dispatched
   * 0.1 s later, started at 0.5 s; a terminal {@code status} ends it at 1.1 s (0.6 s after its start),
   * with {@code reason}, else it is still open.
   */
  public static TaskDocument stored(
      String mercuryId, String method, List<Object> args, String status, Object message, String reason) {
    boolean done = List.of("SUCCESS", "ERROR", "TIMEOUT", "CANCELLED").contains(status);
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("_id", "7c1e4b2a-" + mercuryId.substring(0, 4));
    t.put("task_id", "7c1e4b2a-" + mercuryId.substring(0, 4));
    t.put("job_id", JOB_ID);
    t.put("mercury_id", mercuryId);
    t.put("host", "10.0.0.11");
    t.put("port", 9003L);
    t.put("backend", "dc1-backend");
    t.put("backend_address", "tcp://10.0.0.2:9002");
    t.put("method", method);
    t.put("args", args);
    t.put("kwargs", Map.of());
    t.put("timeout", 1800.0);
    t.put("status", status);
    t.put("action", done ? "Completed" : "Running");
    t.put("progress", done ? 1.0 : 0.4);
    t.put("message", message);
    t.put("traceback", null);
    t.put("reason", reason);
    t.put("time_created", T0);
    t.put("time_dispatched", T0 + 0.1);
    t.put("time_started", T0 + 0.5);
    t.put("time_updated", done ? T0 + 1.1 : T0 + 0.5);
    t.put("time_completed", done ? T0 + 1.1 : null);
    t.put("ttl_time_completed", done ? T0 + 1.1 : null);
    List<Map<String, Object>> history = new java.util.ArrayList<>();
    history.add(Map.of("status", "NEW", "time", T0));
    history.add(Map.of("status", "DISPATCHED", "time", T0 + 0.1));
    history.add(Map.of("status", "STARTED", "time", T0 + 0.5));
    if (done) {
      Map<String, Object> end = new LinkedHashMap<>();
      end.put("status", status);
      end.put("time", T0 + 1.1);
      if (reason != null) {
        end.put("reason", reason);
      }
      history.add(end);
    }
    t.put("history", history);
    return new TaskDocument(t);
  }

  /** A task still in {@code status} (no time_completed). */
  public static TaskDocument running(String mercuryId, String status) {
    TaskDocument t = task(mercuryId, status, Map.of());
    Map<String, Object> doc = new LinkedHashMap<>(t.document());
    doc.put("time_completed", null);
    doc.put("time_started", "STARTED".equals(status) ? T0 + 1 : null);
    return new TaskDocument(doc);
  }

  /** {@code task} with {@code key} set to {@code value}. */
  public static TaskDocument with(TaskDocument task, String key, Object value) {
    Map<String, Object> doc = new LinkedHashMap<>(task.document());
    doc.put(key, value);
    return new TaskDocument(doc);
  }

  /** A {@code run} result. */
  public static Map<String, Object> runResult(String stdout, String stderr, long returncode) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("stdout", stdout);
    r.put("stderr", stderr);
    r.put("returncode", returncode);
    return r;
  }

  /** A job document with {@code counts} given as alternating state names and numbers. */
  public static JobDocument job(String method, long tasks, Double completed, Object... counts) {
    Map<String, Object> c = new LinkedHashMap<>();
    for (String s : List.of("NEW", "DISPATCHED", "STARTED", "SUCCESS", "ERROR", "TIMEOUT", "CANCELLED")) {
      c.put(s, 0L);
    }
    for (int i = 0; i < counts.length; i += 2) {
      c.put((String) counts[i], ((Number) counts[i + 1]).longValue());
    }
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("job_id", JOB_ID);
    j.put("instruction", Map.of("method", method, "args", List.of("hi"), "kwargs", Map.of()));
    j.put("requested_by", "ops@bastion");
    j.put("task_count", tasks);
    j.put("time_created", T0);
    j.put("time_completed", completed);
    j.put("counts", c);
    return new JobDocument(j);
  }
}
