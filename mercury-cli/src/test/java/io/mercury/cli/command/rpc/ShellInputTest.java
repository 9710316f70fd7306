package io.mercury.cli.command.rpc;

import static io.mercury.cli.testing.McliRun.mcli;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.cli.CliContext;
import io.mercury.cli.Mcli;
import io.mercury.cli.testing.McliRun;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code mcli shell} reads its input; none of these lines reaches the (absent) rpc service. */
class ShellInputTest {
  private static final String NOBODY = "tcp://127.0.0.1:1";

  @Test
  void blankLinesAndCommentsAreSkippedAndExitEnds() {
    McliRun run = mcli("\n   \n# a comment\nexit\nuname -a\n", Map.of(), "shell", "-t", "0100000000000000000000000000000000000000aa", "--rpc", NOBODY);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEmpty();
  }

  @Test
  void emptyInputEndsAtOnce() {
    McliRun run = mcli("", Map.of(), "shell", "-t", "0100000000000000000000000000000000000000aa", "--rpc", NOBODY);

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
  }

  @Test
  void unbalancedQuotingIsReportedAndNotRun() {
    McliRun run = mcli("echo 'oops\nquit\n", Map.of(), "shell", "-t", "0100000000000000000000000000000000000000aa", "--rpc", NOBODY);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("mcli: line 1: unterminated single quote; not run\n");
  }

  @Test
  void aTerminalGetsAPromptOnStderr() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context =
        new CliContext(
            new ByteArrayInputStream("# nothing\n".getBytes(StandardCharsets.UTF_8)),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            Map.of("SECURITY_CURVE", "off"),
            true,
            false);

    int code = Mcli.run(context, "shell", "-t", "0100000000000000000000000000000000000000aa", "--rpc", NOBODY);

    assertThat(code).isZero();
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).isEqualTo("mercury> mercury> \n");
  }
}
