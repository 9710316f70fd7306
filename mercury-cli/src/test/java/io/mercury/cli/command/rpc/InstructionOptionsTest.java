package io.mercury.cli.command.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.common.protocol.frontend.FrontendWire;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Options and words to query and instruction, with no service involved. */
class InstructionOptionsTest {
  private static TargetOptions targets(String json, String... ids) {
    TargetOptions t = new TargetOptions();
    t.json = json;
    t.targets = List.of(ids);
    return t;
  }

  /** Whole mercury_ids: -t looks up only shortened ones and host names in the inventory. */
  private static final String A = "01" + "a".repeat(40);

  private static final String B = "01" + "b".repeat(40);

  private static CallOptions call(String kwargs, Double timeout) {
    CallOptions c = new CallOptions();
    c.kwargs = kwargs;
    c.taskTimeout = timeout;
    return c;
  }

  @Test
  void filtersBecomeTheQuery() throws CliException {
    assertThat(targets(null).query(List.of("dmi.sys_vendor=HPE", "mem.MemTotal>=64e9"), null))
        .isEqualTo(Map.of("dmi.sys_vendor", "HPE", "mem.MemTotal", Map.of("$gte", 64_000_000_000L)));
  }

  @Test
  void targetsJsonAndFiltersAreAnded() throws CliException {
    assertThat(targets(null, A).query(List.of(), null)).isEqualTo(Map.of("mercury_id", A));
    assertThat(targets(null, A, B, A).query(List.of(), null))
        .isEqualTo(Map.of("mercury_id", Map.of("$in", List.of(A, B))));
    assertThat(targets("{\"rack\": 4}", A).query(List.of("dmi.sys_vendor=HP"), null))
        .isEqualTo(
            Map.of(
                "$and",
                List.of(Map.of("rack", 4), Map.of("mercury_id", A), Map.of("dmi.sys_vendor", "HP"))));
    assertThat(targets("{}").query(List.of(), null)).isEqualTo(Map.of());
  }

  @Test
  void nothingSelectedIsAUsageError() {
    assertThatThrownBy(() -> targets(null).query(List.of(), null))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessage("no targets: give FILTERs, -t MERCURY_ID or -q JSON, or --all for every active device");
  }

  @Test
  void badFiltersAndQueriesAreUsageErrors() {
    assertThatThrownBy(() -> targets(null).query(List.of("a>"), null))
        .hasMessage("bad filter 'a>': missing value after '>'");
    assertThatThrownBy(() -> targets("{nope").query(List.of(), null)).hasMessageStartingWith("bad query JSON at column 2");
    assertThatThrownBy(() -> targets(null, " ").query(List.of(), null)).hasMessage("empty device in -t");
  }

  @Test
  void instructionCarriesMethodArgsKwargsAndTimeout() throws CliException {
    assertThat(FrontendWire.toWire(call("{\"dry_run\": true, \"n\": 2}", 30.0).instruction("run", List.of("uname -a"))))
        .isEqualTo(
            Map.of(
                "method", "run",
                "args", List.of("uname -a"),
                "kwargs", Map.of("dry_run", true, "n", 2),
                "timeout", 30.0));
  }

  @Test
  void severalWordsAfterRunAreOneCommandSeveralAfterEchoStaySeparate() throws CliException {
    assertThat(call(null, null).instruction("run", List.of("uname", "-a")).args()).isEqualTo(List.of(List.of("uname", "-a")));
    assertThat(call(null, null).instruction("run_async", List.of("sleep", "5")).args()).isEqualTo(List.of(List.of("sleep", "5")));
    assertThat(call(null, null).instruction("echo", List.of("a", "b")).args()).isEqualTo(List.of("a", "b"));
  }

  @Test
  void shellSyntaxInARunCommandIsRefusedWithTheWayToAskForAShell() throws CliException {
    for (List<String> words :
        List.of(
            List.of("ls /etc | wc -l"),
            List.of("ls", "/etc", "|", "wc", "-l"),
            List.of("make", "&&", "make", "install"),
            List.of("echo hi > /etc/motd"),
            List.of("echo", "hi", ">/tmp/x"),
            List.of("cd /tmp; ls"),
            List.of("echo $(id)"),
            List.of("echo", "`id`"))) {
      assertThatThrownBy(() -> call(null, null).instruction("run", words))
          .as(String.join(" ", words))
          .isInstanceOf(CliException.class)
          .hasMessageContaining("run executes a command without a shell")
          .hasMessageContaining("sh -c '");
    }
    assertThatThrownBy(() -> call(null, null).instruction("run_async", List.of("a | b"))).isInstanceOf(CliException.class);
    // a shell asked for by name, quoted operators and other methods pass as they are
    assertThat(call(null, null).instruction("run", List.of("sh", "-c", "ls /etc | wc -l")).args())
        .isEqualTo(List.of(List.of("sh", "-c", "ls /etc | wc -l")));
    assertThat(call(null, null).instruction("run", List.of("sh -c 'ls | wc -l'")).args()).isEqualTo(List.of("sh -c 'ls | wc -l'"));
    assertThat(call(null, null).instruction("run", List.of("grep 'a|b' /etc/passwd")).args()).isEqualTo(List.of("grep 'a|b' /etc/passwd"));
    assertThat(call(null, null).instruction("run", List.of("grep", "a|b", "/etc/passwd")).args())
        .isEqualTo(List.of(List.of("grep", "a|b", "/etc/passwd")));
    assertThat(call(null, null).instruction("echo", List.of("a", "|", "b")).args()).isEqualTo(List.of("a", "|", "b"));
  }

  @Test
  void withoutKwargsOrTimeoutThoseAreEmptyAndAbsent() throws CliException {
    assertThat(FrontendWire.toWire(call(null, null).instruction("echo", List.of("hi"))))
        .isEqualTo(Map.of("method", "echo", "args", List.of("hi"), "kwargs", Map.of()));
  }

  @Test
  void badKwargsAndTimeoutsAreUsageErrors() {
    assertThatThrownBy(() -> call("{\"a\":", null).instruction("echo", List.of()))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessageStartingWith("bad -k JSON at column 6");
    assertThatThrownBy(() -> call("[1]", null).instruction("echo", List.of()))
        .hasMessage("bad -k JSON: must be an object like {\"field\": value}");
    assertThatThrownBy(() -> call(null, 0.0).instruction("echo", List.of()))
        .hasMessage("--task-timeout must be more than 0 and at most 2592000 seconds, was 0.0");
  }

  @Test
  void requestedByIsUserAtHost() {
    assertThat(RequestedBy.of(Map.of("USER", "ops", "LOGNAME", "x"), "bastion")).isEqualTo("ops@bastion");
    assertThat(RequestedBy.of(Map.of("LOGNAME", "root"), "h")).isEqualTo("root@h");
    assertThat(RequestedBy.of(Map.of(), "h")).isEqualTo("unknown@h");
  }
}
