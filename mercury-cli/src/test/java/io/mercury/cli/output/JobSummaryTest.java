package io.mercury.cli.output;

import static io.mercury.cli.testing.RpcSamples.JOB_ID;
import static io.mercury.cli.testing.RpcSamples.runResult;
import static io.mercury.cli.testing.RpcSamples.running;
import static io.mercury.cli.testing.RpcSamples.task;
import static io.mercury.cli.testing.RpcSamples.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.cli.ExitCode;
import io.mercury.common.protocol.frontend.TaskDocument;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSummaryTest {
  private static final String A = "0120a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3";
  private static final String B = "0130f0e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c";
  private static final String C = "0000000000000000000000000000000000000000ab";
  private static final String D = "01ff00000000000000000000000000000000000001";

  @Test
  void allSucceededIsOneLineAndExitZero() {
    List<TaskDocument> tasks = List.of(task(A, "SUCCESS", "hi"), task(B, "SUCCESS", "hi"));

    assertThat(JobSummary.render(JOB_ID, tasks, Duration.ofMillis(2500)))
        .isEqualTo("SUMMARY job " + JOB_ID + ": 2 targets, 2 SUCCESS in 2.5s\n");
    assertThat(JobSummary.exitCode(tasks)).isEqualTo(ExitCode.OK);
  }

  @Test
  void failuresAndNonRespondersAreListedByDeviceWithTheirReasons() {
    List<TaskDocument> tasks =
        List.of(
            task(A, "SUCCESS", "hi"),
            with(task(B, "ERROR", Map.of()), "reason", "arguments for echo are not satisfied"),
            with(task(C, "TIMEOUT", Map.of()), "reason", "no result within 60s"),
            running(D, "STARTED"));

    assertThat(JobSummary.render(JOB_ID, tasks, Duration.ofSeconds(60)))
        .isEqualTo(
            "SUMMARY job " + JOB_ID + ": 4 targets, 1 STARTED, 1 SUCCESS, 1 ERROR, 1 TIMEOUT in 60.0s\n"
                + "failed (1):\n"
                + "  " + B + "  ERROR  arguments for echo are not satisfied\n"
                + "no reply (2):\n"
                + "  " + C + "  TIMEOUT  no result within 60s\n"
                + "  " + D + "  STARTED  still STARTED when the wait ended\n");
    assertThat(JobSummary.exitCode(tasks)).isEqualTo(ExitCode.PARTIAL);
  }

  @Test
  void reasonFallsBackToTheMessageThenTheException() {
    TaskDocument errorMessage = task(A, "ERROR", Map.of("error", true, "message", "disk on fire"));
    TaskDocument plain = task(B, "ERROR", "AAWOL - Agent went AWOL while handling task.");
    TaskDocument traceback =
        with(task(C, "ERROR", null), "traceback", Map.of("exc_type", "IOError", "exc_value", "no such file"));
    TaskDocument nothing = task(D, "CANCELLED", null);

    assertThat(TaskVerdict.reason(errorMessage)).isEqualTo("disk on fire");
    assertThat(TaskVerdict.reason(plain)).isEqualTo("AAWOL - Agent went AWOL while handling task.");
    assertThat(TaskVerdict.reason(traceback)).isEqualTo("IOError: no such file");
    assertThat(TaskVerdict.reason(nothing)).isEqualTo("-");
    assertThat(List.of(errorMessage, plain, traceback, nothing))
        .allMatch(t -> TaskVerdict.of(t) == TaskVerdict.FAILED);
  }

  @Test
  void aRunWithANonZeroReturnCodeFailsThoughTheTaskSucceeded() {
    List<TaskDocument> tasks =
        List.of(task(A, "SUCCESS", runResult("", "nope\n", 2)), task(B, "SUCCESS", runResult("ok\n", "", 0)));

    assertThat(JobSummary.render(JOB_ID, tasks, Duration.ofMillis(100)))
        .isEqualTo(
            "SUMMARY job " + JOB_ID + ": 2 targets, 2 SUCCESS in 0.1s\n"
                + "failed (1):\n"
                + "  " + A + "  SUCCESS  returncode 2\n");
    assertThat(JobSummary.exitCode(tasks)).isEqualTo(ExitCode.PARTIAL);
  }

  @Test
  void unknownStatusesAreCountedAsOther() {
    List<TaskDocument> tasks = List.of(task(A, "EXCEPTION", "boom"), task(B, "SUCCESS", "x"));

    assertThat(JobSummary.headline(JOB_ID, tasks, Duration.ZERO))
        .isEqualTo("SUMMARY job " + JOB_ID + ": 2 targets, 1 SUCCESS, 1 other in 0.0s");
    assertThat(JobSummary.exitCode(tasks)).isEqualTo(ExitCode.PARTIAL);
  }

  @Test
  void oneTargetIsSingular() {
    assertThat(JobSummary.headline(JOB_ID, List.of(task(A, "SUCCESS", "x")), Duration.ZERO))
        .isEqualTo("SUMMARY job " + JOB_ID + ": 1 target, 1 SUCCESS in 0.0s");
  }
}
