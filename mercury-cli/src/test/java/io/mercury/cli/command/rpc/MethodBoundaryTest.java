package io.mercury.cli.command.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.cli.CliContext;
import io.mercury.cli.Mcli;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** mcli's options end at the method name of {@code mcli rpc}: what follows is the method's. */
class MethodBoundaryTest {
  private static final CommandLine CLI =
      Mcli.commandLine(
          new CliContext(
              new ByteArrayInputStream(new byte[0]),
              new PrintWriter(new StringWriter()),
              new PrintWriter(new StringWriter()),
              Map.of()));

  private static List<String> mark(String... args) {
    return List.of(MethodBoundary.mark(CLI, args));
  }

  @Test
  void optionsAfterTheMethodBelongToIt() {
    assertThat(mark("rpc", "run", "df", "-h", "-w")).containsExactly("rpc", "--", "run", "df", "-h", "-w");
    assertThat(mark("rpc", "-t", "a1", "run", "grep", "-w", "root", "f"))
        .containsExactly("rpc", "-t", "a1", "--", "run", "grep", "-w", "root", "f");
  }

  @Test
  void optionValuesAndFiltersBeforeTheMethodAreNotTheMethod() {
    assertThat(mark("--timeout", "3", "rpc", "-t", "echo", "--task-timeout", "30", "dmi.sys_vendor=HPE", "-w", "echo", "hi"))
        .containsExactly("--timeout", "3", "rpc", "-t", "echo", "--task-timeout", "30", "dmi.sys_vendor=HPE", "-w", "--", "echo", "hi");
    assertThat(mark("rpc", "--target=x", "--all", "echo")).containsExactly("rpc", "--target=x", "--all", "--", "echo");
    assertThat(mark("rpc", "-k", "{\"a\": 1}", "test_sleep")).containsExactly("rpc", "-k", "{\"a\": 1}", "--", "test_sleep");
  }

  @Test
  void subcommandsAnExplicitEndOfOptionsAndOtherCommandsAreLeftAlone() {
    assertThat(mark("rpc", "jobs", "-n", "5")).containsExactly("rpc", "jobs", "-n", "5");
    assertThat(mark("rpc", "job", "j1", "--tasks")).containsExactly("rpc", "job", "j1", "--tasks");
    assertThat(mark("rpc", "-t", "a1", "--", "run", "job")).containsExactly("rpc", "-t", "a1", "--", "run", "job");
    assertThat(mark("inventory", "count", "x=1")).containsExactly("inventory", "count", "x=1");
    assertThat(mark("shell", "-t", "a1")).containsExactly("shell", "-t", "a1");
    assertThat(mark("rpc", "'x>1'")).containsExactly("rpc", "'x>1'");
  }
}
