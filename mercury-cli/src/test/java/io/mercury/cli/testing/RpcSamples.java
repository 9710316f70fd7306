package io.mercury.cli.testing;

import io.mercury.cli.client.JobDocument;
import io.mercury.cli.client.TaskDocument;
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
