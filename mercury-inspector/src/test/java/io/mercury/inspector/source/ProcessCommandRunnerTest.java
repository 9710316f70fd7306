package io.mercury.inspector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes through /bin/sh. */
class ProcessCommandRunnerTest {
  private final ProcessCommandRunner runner = new ProcessCommandRunner();

  private CommandResult sh(String script, Duration timeout) {
    return runner.run(List.of("sh", "-c", script), timeout);
  }

  @Test
  void aToolThatSucceedsGivesItsOutput() {
    CommandResult r = sh("printf 'a\\nb\\n'; echo ignored >&2", Duration.ofSeconds(10));
    assertThat(r.outcome()).isEqualTo(CommandResult.Outcome.OK);
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo("a\nb\n");
    assertThat(r.ok()).isTrue();
  }

  @Test
  void aMissingToolIsReportedNotThrown() {
    CommandResult r = runner.run(List.of("no-such-tool-mercury"), Duration.ofSeconds(1));
    assertThat(r.outcome()).isEqualTo(CommandResult.Outcome.MISSING);
    assertThat(r.detail()).isEqualTo("no-such-tool-mercury is not installed");
    assertThat(runner.run(List.of("/no/such/dir/tool"), Duration.ofSeconds(1)).outcome())
        .isEqualTo(CommandResult.Outcome.MISSING);
  }

  @Test
  void aNonZeroExitKeepsItsCodeOutputAndTheFirstErrorLine() {
    CommandResult r = sh("echo partial; echo 'pcilib: no access' >&2; echo more >&2; exit 3", Duration.ofSeconds(10));
    assertThat(r.outcome()).isEqualTo(CommandResult.Outcome.FAILED);
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.stdout()).isEqualTo("partial\n");
    assertThat(r.detail()).isEqualTo("sh exited with 3: pcilib: no access");
  }

  @Test
  void aToolThatHangsIsKilledWithWhateverItStarted(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("child.pid");
    long start = System.nanoTime();
    CommandResult r = sh("sleep 60 & echo $! > " + pidFile + "; wait", Duration.ofMillis(500));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(r.outcome()).isEqualTo(CommandResult.Outcome.TIMED_OUT);
    assertThat(r.exitCode()).isEqualTo(-1);
    assertThat(r.detail()).isEqualTo("sh did not finish within 500 ms");
    long child = Long.parseLong(Files.readString(pidFile).strip());
    await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
  }

  @Test
  void aLargeOutputDoesNotBlockTheTool() {
    CommandResult r = sh("head -c 1000000 /dev/zero | tr '\\0' x", Duration.ofSeconds(20));
    assertThat(r.outcome()).isEqualTo(CommandResult.Outcome.OK);
    assertThat(r.stdout()).hasSize(1_000_000);
  }
}
