package io.mercury.cli.output;

import static io.mercury.cli.testing.RpcSamples.JOB_ID;
import static io.mercury.cli.testing.RpcSamples.T0;
import static io.mercury.cli.testing.RpcSamples.job;
import static io.mercury.cli.testing.RpcSamples.running;
import static io.mercury.cli.testing.RpcSamples.task;
import static io.mercury.cli.testing.RpcSamples.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.protocol.frontend.FrontendWire;
import io.mercury.common.protocol.frontend.JobDocument;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobTablesTest {
  private static final String A = "0120a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3";
  private static final String B = "0130f0e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c";

  @Test
  void jobsTable() {
    String table =
        JobTables.jobs(
            List.of(
                job("run", 12, null, "STARTED", 10, "SUCCESS", 2),
                job("echo", 1, T0 + 3, "SUCCESS", 1)));

    assertThat(table)
        .isEqualTo(
            "JOB_ID                                METHOD  ARGS  TARGETS  COUNTS                 CREATED               COMPLETED             REQUESTED_BY\n"
                + JOB_ID + "  run     hi         12  10 STARTED, 2 SUCCESS  2026-12-01T09:30:00Z  -                     ops@bastion\n"
                + JOB_ID + "  echo    hi          1  1 SUCCESS              2026-12-01T09:30:00Z  2026-12-01T09:30:03Z  ops@bastion\n");
  }

  @Test
  void jobsArgsAreTheCallsArgumentsCutWithAnEllipsis() {
    Map<String, Object> run = new LinkedHashMap<>(job("run", 1, null).document());
    run.put("instruction", Map.of("method", "run", "args", List.of("dmesg --level=err,warn | tail -n 50 | grep -i nvme"), "kwargs", Map.of()));
    Map<String, Object> sleep = new LinkedHashMap<>(job("test_sleep", 1, null).document());
    sleep.put("instruction", Map.of("method", "test_sleep", "args", List.of(), "kwargs", Map.of("seconds", 30L)));
    Map<String, Object> press = new LinkedHashMap<>(job("x", 1, null).document());
    press.put("instruction", Map.of("preprocessor", "press_static_assets"));

    List<String> rows =
        JobTables.jobs(List.of(new JobDocument(run), new JobDocument(sleep), new JobDocument(press))).lines().skip(1).toList();

    String cut = "'dmesg --level=err,warn | tail …";
    assertThat(cut).hasSize(JobTables.MAX_ARGS);
    assertThat(rows.get(0)).contains("  run    ", "  " + cut + "  ");
    assertThat(rows.get(1)).contains("  test_sleep    ", "  seconds=30    ");
    assertThat(rows.get(2)).contains("  preprocessor:press_static_assets  -  ");
  }

  @Test
  void tasksTableShowsReasonsOnlyForWhatFailed() {
    String table =
        JobTables.tasks(
            List.of(task(A, "SUCCESS", "hi"), with(task(B, "ERROR", Map.of()), "reason", "boom"), running("01ff", "NEW")));

    assertThat(table)
        .isEqualTo(
            "TASK_ID    MERCURY_ID                                  STATUS   STARTED               COMPLETED             REASON\n"
                + "task-0120  " + A + "  SUCCESS  2026-12-01T09:30:01Z  2026-12-01T09:30:02Z  -\n"
                + "task-0130  " + B + "  ERROR    2026-12-01T09:30:01Z  2026-12-01T09:30:02Z  boom\n"
                + "task-01ff  01ff                                        NEW      -                     -                     -\n");
  }

  @Test
  void statusShowsTheJobThenEachTask() throws Exception {
    Map<String, Object> doc = new LinkedHashMap<>(job("echo", 2, null, "SUCCESS", 1, "ERROR", 1).document());
    doc.put("has_failures", true);
    doc.put("tasks", List.of(Map.of("task_id", "t1", "status", "SUCCESS"), Map.of("task_id", "t2", "status", "ERROR")));

    assertThat(JobTables.status(FrontendWire.jobStatus(doc).orElseThrow()))
        .isEqualTo(
            "job_id        " + JOB_ID + "\n"
                + "method        echo\n"
                + "targets       2\n"
                + "requested_by  ops@bastion\n"
                + "created       2026-12-01T09:30:00Z\n"
                + "completed     -\n"
                + "counts        1 SUCCESS, 1 ERROR\n"
                + "has_failures  yes\n"
                + "\n"
                + "TASK_ID  STATUS\n"
                + "t1       SUCCESS\n"
                + "t2       ERROR\n");
  }

  @Test
  void countsComeFromTheTaskListWhenTheJobHasNone() throws Exception {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("job_id", "j");
    doc.put("tasks", List.of(Map.of("task_id", "t1", "status", "SUCCESS"), Map.of("task_id", "t2", "status", "NEW")));

    assertThat(StateCounts.text(FrontendWire.jobStatus(doc).orElseThrow().counts())).isEqualTo("1 NEW, 1 SUCCESS");
  }

  @Test
  void capabilitiesTableSortedByNameWithArgumentsFallback() {
    Map<String, Object> caps = new LinkedHashMap<>();
    caps.put("run", Map.of("arguments", "COMMAND [ARG...]", "serial", false, "timeout", 1800L, "description", "Run a command"));
    caps.put("echo", Map.of("num_args", 1L, "serial", false, "timeout", 1800.0, "description", "Echo back"));
    caps.put("kexec", Map.of("num_args", 0L, "kwarg_names", List.of("kernel", "initrd"), "serial", true));

    assertThat(JobTables.capabilities(caps))
        .isEqualTo(
            "NAME   ARGUMENTS              SERIAL  TIMEOUT  DESCRIPTION\n"
                + "echo   1 arg                  no         1800  Echo back\n"
                + "kexec  kwargs: kernel,initrd  yes           -  -\n"
                + "run    COMMAND [ARG...]       no         1800  Run a command\n");
  }
}
