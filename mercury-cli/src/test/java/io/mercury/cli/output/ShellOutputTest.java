package io.mercury.cli.output;

import static io.mercury.cli.testing.RpcSamples.runResult;
import static io.mercury.cli.testing.RpcSamples.running;
import static io.mercury.cli.testing.RpcSamples.task;
import static io.mercury.cli.testing.RpcSamples.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellOutputTest {
  private static final String A = "0120a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3";

  @Test
  void labelsAreTheShortestUniquePrefixOfAtLeastEightCharacters() {
    assertThat(ShellOutput.labels(List.of(A, "0130f0e1d2c3")))
        .containsExactly(Map.entry(A, "0120a1b2"), Map.entry("0130f0e1d2c3", "0130f0e1"));
    assertThat(ShellOutput.labels(List.of("0120a1b2c3d4aa", "0120a1b2c3d4bb")))
        .containsExactly(Map.entry("0120a1b2c3d4aa", "0120a1b2c3d4a"), Map.entry("0120a1b2c3d4bb", "0120a1b2c3d4b"));
    assertThat(ShellOutput.labels(List.of("short"))).containsExactly(Map.entry("short", "short"));
  }

  @Test
  void runOutputIsPrefixedAndSplitBetweenStdoutAndStderr() {
    ShellOutput.Lines lines =
        ShellOutput.of(task(A, "SUCCESS", runResult("Linux\nhost1\n", "note\n", 0)), "0120a1b2");

    assertThat(lines.out()).isEqualTo("0120a1b2: Linux\n0120a1b2: host1\n");
    assertThat(lines.err()).isEqualTo("0120a1b2: note\n");
  }

  @Test
  void nonZeroReturnCodeIsReported() {
    ShellOutput.Lines lines = ShellOutput.of(task(A, "SUCCESS", runResult("", "ls: x: No such file\n", 2)), "a");

    assertThat(lines.out()).isEmpty();
    assertThat(lines.err()).isEqualTo("a: ls: x: No such file\na: exit status 2\n");
  }

  @Test
  void failuresAndSilenceAreReportedOnStderr() {
    assertThat(ShellOutput.of(with(task(A, "ERROR", Map.of()), "reason", "boom"), "a"))
        .isEqualTo(new ShellOutput.Lines("", "a: ERROR: boom\n"));
    assertThat(ShellOutput.of(running(A, "STARTED"), "a"))
        .isEqualTo(new ShellOutput.Lines("", "a: STARTED: still STARTED when the wait ended\n"));
  }

  @Test
  void otherResultsArePrintedToo() {
    assertThat(ShellOutput.of(task(A, "SUCCESS", "hello"), "a").out()).isEqualTo("a: hello\n");
    assertThat(ShellOutput.of(task(A, "SUCCESS", Map.of("n", 1L)), "a").out()).isEqualTo("a: {\"n\":1}\n");
  }
}
