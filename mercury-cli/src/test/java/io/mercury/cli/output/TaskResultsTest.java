package io.mercury.cli.output;

import static io.mercury.cli.testing.RpcSamples.runResult;
import static io.mercury.cli.testing.RpcSamples.running;
import static io.mercury.cli.testing.RpcSamples.task;
import static io.mercury.cli.testing.RpcSamples.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskResultsTest {
  private static final String A = "0120a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3";

  @Test
  void echoPrintsTheMessage() {
    assertThat(TaskResults.block(task(A, "SUCCESS", "hello")))
        .isEqualTo("== " + A + " SUCCESS\nhello\n");
  }

  @Test
  void runPrintsStdoutThenStderrAndTheReturnCode() {
    assertThat(TaskResults.block(task(A, "SUCCESS", runResult("Linux\nx86_64\n", "warning\n", 0))))
        .isEqualTo("== " + A + " SUCCESS returncode 0\nLinux\nx86_64\n-- stderr\nwarning\n");
    assertThat(TaskResults.block(task(A, "SUCCESS", runResult("", "no such file", 2))))
        .isEqualTo("== " + A + " SUCCESS returncode 2\n-- stderr\nno such file\n");
  }

  @Test
  void otherResultsAreIndentedJsonAndEmptyOnesNothing() {
    assertThat(TaskResults.block(task(A, "SUCCESS", Map.of("error_count", 0L))))
        .isEqualTo("== " + A + " SUCCESS\n{\n  \"error_count\": 0\n}\n");
    assertThat(TaskResults.block(task(A, "SUCCESS", List.of(1L, 2L))))
        .isEqualTo("== " + A + " SUCCESS\n[\n  1,\n  2\n]\n");
    assertThat(TaskResults.block(task(A, "SUCCESS", null))).isEqualTo("== " + A + " SUCCESS\n");
    assertThat(TaskResults.block(task(A, "SUCCESS", Map.of()))).isEqualTo("== " + A + " SUCCESS\n");
  }

  @Test
  void failuresAndUnfinishedTasksGetTheirReasonOnTheHeadline() {
    assertThat(TaskResults.block(with(task(A, "ERROR", Map.of()), "reason", "method not defined")))
        .isEqualTo("== " + A + " ERROR: method not defined\n");
    assertThat(TaskResults.block(with(task(A, "TIMEOUT", Map.of()), "reason", "no result within 5s")))
        .isEqualTo("== " + A + " TIMEOUT: no result within 5s\n");
    assertThat(TaskResults.block(running(A, "DISPATCHED")))
        .isEqualTo("== " + A + " DISPATCHED: still DISPATCHED when the wait ended\n");
  }
}
