package io.mercury.cli.command.rpc;

import static io.mercury.cli.testing.McliRun.mcli;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.cli.testing.McliRun;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Command lines that are wrong fail with 2 before anything is sent; an unreachable rpc fails with 1. */
class RpcUsageTest {
  private static String deadAddress() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "tcp://127.0.0.1:" + socket.getLocalPort();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "rpc -t 01aa --no-wait --wait echo|mcli: --no-wait contradicts --wait",
        "rpc --wiat echo|mcli: Unknown option: '--wiat'",
        "rpc|mcli: missing METHOD (or a command: submit, job, jobs, cancel, task, list)",
        "rpc dmi.sys_vendor=HP|mcli: missing METHOD after the filters dmi.sys_vendor=HP",
        "rpc a> echo|mcli: bad filter 'a>': missing value after '>'",
        "rpc -q {x echo|mcli: bad query JSON at column 2",
        "rpc -t 01aa -k {\"a\": echo|mcli: bad -k JSON at column 6",
        "rpc -t 01aa -k [1] echo|mcli: bad -k JSON: must be an object",
        "rpc -t 01aa --task-timeout -1 echo|mcli: --task-timeout must be more than 0",
        "rpc -t 01aa --wait-timeout 0 echo|mcli: --wait-timeout must be more than 0",
        "rpc submit -t 01aa|mcli: Missing required option: '--method=METHOD'",
        "rpc submit -m echo|mcli: no targets",
        "rpc submit -t 01aa -m echo -k nope|mcli: bad -k JSON: must be an object",
        "rpc job|mcli: Missing required parameter: 'JOB_ID'",
        "rpc job j1 --status --tasks|mcli: Error: --status, --tasks are mutually exclusive",
        "rpc job j1 --output --tasks|mcli: Error: --tasks, --output are mutually exclusive",
        "rpc job j1 -t|mcli: Unknown option: '-t'",
        "rpc jobs -n -1|mcli: --max-items must not be negative, was -1",
        "rpc cancel|mcli: Missing required parameter: 'JOB_ID'",
        "rpc task|mcli: Missing required parameter: 'TASK_ID'",
        "rpc list|mcli: Missing required parameter: 'MERCURY_ID'",
        "rpc jobs --rpc rpc:9001|mcli: invalid --rpc address 'rpc:9001': expected tcp://HOST:PORT",
        "shell|mcli: no targets",
        "shell -t 01aa --task-timeout 0|mcli: --task-timeout must be more than 0",
        "invenotry|mcli: Unmatched argument at index 0: 'invenotry'; did you mean inventory? (see 'mcli --help')",
      })
  void usageErrorsExitWith2AndOneLine(String args, String message) {
    McliRun run = mcli(args.split(" "));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).startsWith(message);
  }

  @Test
  void helpExplainsFiltersMethodAndTheSubcommands() {
    McliRun run = mcli("rpc", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("The first plain name", "--task-timeout", "--wait-timeout", "--json", "submit", "jobs",
            "cancel", "list", "Exit status: 0 every target succeeded");
  }

  @Tag("e2e")
  @ParameterizedTest
  @ValueSource(
      strings = {"rpc jobs", "rpc job j1", "rpc job j1 --tasks", "rpc task t1", "rpc -t 0100000000000000000000000000000000000000aa echo hi",
          "rpc cancel j1"})
  void unreachableRpcIsOneLineAndExit1(String command) throws Exception {
    String address = deadAddress();
    String[] args = ("--timeout 1 --rpc " + address + " " + command).split(" ");

    long start = System.nanoTime();
    McliRun run = mcli(args);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).startsWith("mcli: cannot reach rpc at " + address + ": nothing listens there");
    assertThat(took).isLessThan(Duration.ofSeconds(3));
  }

  @Tag("e2e")
  @Test
  void shellReportsAnUnreachableRpcPerLine() throws Exception {
    String address = deadAddress();

    McliRun run = mcli("echo hi\n", java.util.Map.of(), "shell", "-t", "0100000000000000000000000000000000000000aa", "--timeout", "0.5", "--rpc", address);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("mcli: cannot reach rpc at " + address);
  }
}
