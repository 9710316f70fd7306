package io.mercury.cli.output;

import static io.mercury.cli.testing.RpcSamples.JOB_ID;
import static io.mercury.cli.testing.RpcSamples.T0;
import static io.mercury.cli.testing.RpcSamples.runResult;
import static io.mercury.cli.testing.RpcSamples.stored;
import static io.mercury.cli.testing.RpcSamples.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.protocol.frontend.TaskDocument;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskViewTest {
  private static final String A = "0120a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3";
  private static final Instant NOW = Instant.ofEpochSecond((long) T0 + 125);

  /** The structured traceback Mercury's agent sends: frames outermost first, the exception apart. */
  private static Map<String, Object> traceback() {
    Map<String, Object> tb = new LinkedHashMap<>();
    tb.put("exc_type", "java.lang.IllegalStateException");
    tb.put("exc_value", "disk on fire");
    tb.put(
        "stack",
        List.of(
            frame("Thread.java", 1583, "java.lang.Thread.run"),
            frame("TaskRunner.java", 142, "io.mercury.agent.TaskRunner.execute"),
            frame("Inspect.java", 37, "io.mercury.agent.capability.Inspect.call")));
    return tb;
  }

  private static Map<String, Object> frame(String path, long line, String scope) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("path", path);
    f.put("line", line);
    f.put("scope", scope);
    f.put("code", null);
    return f;
  }

  @Test
  void aFailedCommandShowsItsSummaryOutputAndHistory() {
    TaskDocument task =
        stored(A, "run", List.of("ls /nope"), "ERROR", runResult("", "ls: cannot access '/nope': No such file or directory\n", 2),
            "the command exited with status 2");

    assertThat(TaskView.render(task, false, NOW))
        .isEqualTo(
            "task_id     7c1e4b2a-0120\n"
                + "job_id      " + JOB_ID + "\n"
                + "mercury_id  " + A + "\n"
                + "method      run 'ls /nope'\n"
                + "state       ERROR\n"
                + "reason      the command exited with status 2\n"
                + "agent       10.0.0.11:9003 (backend dc1-backend)\n"
                + "created     2026-12-01T09:30:00Z\n"
                + "dispatched  2026-12-01T09:30:00Z\n"
                + "started     2026-12-01T09:30:00Z\n"
                + "finished    2026-12-01T09:30:01Z\n"
                + "duration    0.6s\n"
                + "timeout     1800s\n"
                + "returncode  2\n"
                + "-- output\n"
                + "-- stderr\n"
                + "ls: cannot access '/nope': No such file or directory\n"
                + "-- history\n"
                + "2026-12-01T09:30:00Z  NEW\n"
                + "2026-12-01T09:30:00Z  DISPATCHED\n"
                + "2026-12-01T09:30:00Z  STARTED\n"
                + "2026-12-01T09:30:01Z  ERROR       the command exited with status 2\n");
  }

  @Test
  void aSuccessPrintsItsResultAndNoReason() {
    String view = TaskView.render(stored(A, "echo", List.of("hello world"), "SUCCESS", "hello world", null), false, NOW);

    assertThat(view)
        .contains("method      echo 'hello world'\n", "state       SUCCESS\n", "-- output\nhello world\n-- history\n")
        .doesNotContain("reason", "returncode", "traceback");
  }

  @Test
  void aTracebackIsItsLastLineUnlessVerbose() {
    TaskDocument task =
        with(
            stored(A, "inspect", List.of(), "ERROR", Map.of(), "the capability raised java.lang.IllegalStateException: disk on fire"),
            "traceback",
            traceback());

    String brief = TaskView.render(task, false, NOW);
    assertThat(brief)
        .contains("traceback   java.lang.IllegalStateException: disk on fire  (3 frames; -v shows them)\n")
        .doesNotContain("TaskRunner", "-- traceback", "-- output");

    String verbose = TaskView.render(task, true, NOW);
    assertThat(verbose)
        .contains("traceback   java.lang.IllegalStateException: disk on fire\n")
        .contains(
            "-- traceback (most recent call last)\n"
                + "java.lang.Thread.run (Thread.java:1583)\n"
                + "io.mercury.agent.TaskRunner.execute (TaskRunner.java:142)\n"
                + "io.mercury.agent.capability.Inspect.call (Inspect.java:37)\n"
                + "java.lang.IllegalStateException: disk on fire\n"
                + "-- history\n");
  }

  @Test
  void theOriginalsTracebackOfFormattedLinesEndsWithItsException() {
    List<String> python =
        List.of(
            "Traceback (most recent call last):\n",
            "  File \"/usr/lib/python3/mercury/agent/capabilities/inspector.py\", line 42, in inspector\n    raise ValueError('no dmi')\n",
            "ValueError: no dmi\n");

    Traceback tb = Traceback.of(python);

    assertThat(tb.lastLine()).isEqualTo("ValueError: no dmi");
    assertThat(tb.lines()).hasSize(4).endsWith("ValueError: no dmi");
    assertThat(Traceback.of(null)).isNull();
    assertThat(Traceback.of(Map.of())).isNull();
  }

  @Test
  void aRunningTaskShowsItsProgressAndTheTimeSoFar() {
    String view = TaskView.render(stored(A, "test_sleep", List.of(), "STARTED", Map.of(), null), false, NOW);

    assertThat(view)
        .contains("state       STARTED (Running, 40%)\n", "finished    -\n", "duration    2m05s so far\n")
        .doesNotContain("reason", "-- output");
  }

  @Test
  void aTaskRefusedAtCreationShowsItsReasonOnce() {
    String reason = A + " does not advertise method 'nope' (it offers: echo, run)";
    Map<String, Object> doc = new LinkedHashMap<>(stored(A, "nope", List.of(), "ERROR", reason, reason).document());
    doc.put("time_started", null);

    String view = TaskView.render(new TaskDocument(doc), false, NOW);

    assertThat(view).contains("reason      " + reason + "\n", "duration    -\n").doesNotContain("-- output");
  }
}
