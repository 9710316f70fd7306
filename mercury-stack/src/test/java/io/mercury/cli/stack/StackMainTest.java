package io.mercury.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mercury.cli.CliContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mercury up/status/down} with real daemon processes from the packaged modules (run by
 * {@code bin/mercury test}, i.e. {@code mvn verify}, where mercury-inventory is packaged first).
 */
class StackMainTest {
  @TempDir Path home;
  private StackLayout layout;

  record Result(int code, String out, String err) {}

  @BeforeEach
  void setUp() {
    Path root = Path.of(System.getProperty("mercury.test.root", "..")).toAbsolutePath().normalize();
    assumeTrue(
        Files.isDirectory(root.resolve("mercury-inventory/target/lib")),
        "mercury-inventory is not packaged; run the suite with bin/mercury test (mvn verify)");
    layout = new StackLayout(root, home, Path.of(ProcessHandle.current().info().command().orElseThrow()));
  }

  @AfterEach
  void tearDown() {
    run("down");
  }

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context =
        new CliContext(new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err), Map.of());
    int code = StackMain.run(layout, context, args);
    return new Result(code, out.toString(), err.toString());
  }

  /**
   * A free port below Linux's ephemeral range (32768–60999). A released ephemeral port can be taken by any
   * outgoing connection before {@code up} binds it, and {@code up} starts daemons that connect to each
   * other before it binds its last ports (CI: "port 37541 is in use by another program").
   */
  private static int freePort() throws IOException {
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = random.nextInt(20_000, 32_000);
      try (ServerSocket s = new ServerSocket(port)) {
        return s.getLocalPort();
      } catch (IOException taken) {
        // another one
      }
    }
    throw new IOException("no free port found between 20000 and 32000");
  }

  private Optional<Long> pid(String service) throws IOException {
    Path file = layout.pidFile(service);
    return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).trim())) : Optional.empty();
  }

  private String[] up(String inventoryPort) throws IOException {
    return new String[] {
      "up", "--store-port", "0", "--log-port", Integer.toString(freePort()), "--log-follow-port", Integer.toString(freePort()), "--inventory-port", inventoryPort,
      "--rpc-port", Integer.toString(freePort()), "--backend-port", Integer.toString(freePort()), "--enrolment-port", Integer.toString(freePort()),
      "--agent-port", Integer.toString(freePort()), "--pong-port", Integer.toString(freePort()),
      "--boot-port", Integer.toString(freePort()), "--api-port", Integer.toString(freePort())
    };
  }

  @Test
  void upShowsTheFleetRunsJobsStatusReportsItDownStopsItAndDataSurvives() throws Exception {
    String port = Integer.toString(freePort());
    String[] upArgs = up(port);
    Result up = run(upArgs);
    assertThat(up.code()).as(up.err()).isZero();
    assertThat(up.out())
        .contains("store      started")
        .contains("inventory  started")
        .contains("rpc        started")
        .contains("backend    started")
        .contains("agent      started")
        .contains("agent      registered this machine with the backend")
        .containsPattern("boot       started \\(pid \\d+\\) at http://127.0.0.1:\\d+/boot")
        .containsPattern("api        started \\(pid \\d+\\) at http://127.0.0.1:\\d+/api/active/computers")
        .contains("loaded 14 sample devices")
        .contains("$ mcli inventory count\n15\n")
        .contains("ProLiant DL380 Gen10")
        .containsPattern("\\$ mcli rpc --all echo hello\n(.*\n)*== 0[0-3][0-9a-f]{40} SUCCESS\nhello\n")
        .containsPattern("== 0[0-3][0-9a-f]{40} SUCCESS returncode 0\nLinux ")
        .contains("bin/mcli finds these by itself (var/run/*.address); another mcli needs MERCURY_INVENTORY_ROUTER=tcp://127.0.0.1:" + port);
    assertThat(up.err()).containsPattern("SUMMARY job [0-9a-f-]{36}: 1 target, 1 SUCCESS");

    Result status = run("status");
    assertThat(status.code()).isZero();
    assertThat(status.out().lines().filter(l -> l.contains(" running "))).hasSize(8);

    Result again = run(upArgs);
    assertThat(again.out()).contains("store      already running").contains("inventory  already running")
        .contains("agent      already running").contains("boot       already running").contains("api        already running");

    long inventoryPid = pid("inventory").orElseThrow();
    long storePid = pid("store").orElseThrow();
    Result down = run("down");
    assertThat(down.out()).contains("inventory  stopped").contains("store      stopped");
    assertThat(ProcessHandle.of(inventoryPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(ProcessHandle.of(storePid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(run("status").code()).isEqualTo(1);

    Result restart = run(up(port));
    assertThat(restart.code()).as(restart.err()).isZero();
    assertThat(restart.out()).doesNotContain("loaded").contains("$ mcli inventory count\n15\n");

    Result logs = run("logs", "inventory", "-n", "200");
    assertThat(logs.out()).contains("INFO  mercury-inventory - mercury-inventory listening on tcp://127.0.0.1:" + port);
  }

  @Test
  void aTakenInventoryPortIsReportedWithWhatToDo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Result up = run(up(Integer.toString(taken.getLocalPort())));
      assertThat(up.code()).isEqualTo(1);
      assertThat(up.err()).contains("port " + taken.getLocalPort() + " is in use by another program");
    }
  }

  @Test
  void everyStackCommandHasHelp() {
    for (String command : new String[] {"up", "down", "status", "logs"}) {
      Result help = run(command, "--help");
      assertThat(help.code()).as(command).isZero();
      assertThat(help.out()).as(command).contains("Usage: mercury " + command).contains("--help");
    }
    assertThat(run("up", "--help").out()).contains("--agent-port");
  }

  @Test
  void logsOfAnUnknownServiceIsAUsageError() {
    Result logs = run("logs", "rpcx");
    assertThat(logs.code()).isEqualTo(2);
    assertThat(logs.err()).contains("unknown service 'rpcx' (store, log, inventory, rpc, backend, agent, boot, api)");
  }
}
