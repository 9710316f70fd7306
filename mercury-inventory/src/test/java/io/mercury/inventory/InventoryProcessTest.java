package io.mercury.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mercury.common.protocol.KeepAlive;
import io.mercury.common.protocol.Request;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * The inventory as operators run it: real JVM processes for the embedded store and the daemon,
 * configured through flags, stopped with SIGTERM, restarted on the same data file.
 */
class InventoryProcessTest {
  private static final String ID = "0110a1628669e487f48b3f8de13bebeafe2933c875";

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final ZContext context = new ZContext();

  @AfterEach
  void tearDown() {
    processes.forEach(Process::destroyForcibly);
    context.close();
  }

  private Process spawn(String name, String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Dmercury.service=" + name);
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
    // This test is about the process's life cycle, not its security: plaintext, as its clients are.
    builder.environment().put("SECURITY_CURVE", "off");
    Process p = builder.start();
    processes.add(p);
    return p;
  }

  private int startStore() throws IOException {
    return startStore(0);
  }

  private int startStore(int port) throws IOException {
    Path portFile = dir.resolve("store.port");
    Files.deleteIfExists(portFile);
    spawn(
        "store",
        "io.mercury.common.store.EmbeddedStoreMain",
        "--data-dir", dir.resolve("data").toString(),
        "--bind", "127.0.0.1",
        "--port", Integer.toString(port),
        "--port-file", portFile.toString());
    await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(portFile));
    return Integer.parseInt(Files.readString(portFile).trim());
  }

  private Process startInventory(int storePort, int port) throws IOException {
    return spawn(
        "inventory",
        "io.mercury.inventory.InventoryMain",
        "--inventory-bind-address", "tcp://127.0.0.1:" + port,
        "--inventory-database-uri", "mongodb://127.0.0.1:" + storePort + "/",
        "--log-format", "json");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private ServiceClient client(int port) {
    return new ServiceClient(
        context, "tcp://127.0.0.1:" + port, ClientSettings.defaults("inventory").withTimeout(Duration.ofSeconds(2)).withRetries(0));
  }

  private static boolean answers(ServiceClient client) {
    try {
      return KeepAlive.CONFIRMATION.equals(client.exchange(KeepAlive.REQUEST, true));
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void sigtermStopsCleanlyAndARestartOnTheSameFileKeepsTheData() throws Exception {
    int storePort = startStore();
    int port = freePort();
    Process inventory = startInventory(storePort, port);
    try (ServiceClient client = client(port)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> answers(client));
      client.invoke(Request.of("insert_one", Map.of("mercury_id", ID, "dmi", Map.of("sys_vendor", "HPE"))), false);
    }

    inventory.destroy(); // SIGTERM
    assertThat(inventory.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(inventory.exitValue()).isEqualTo(143);
    String log = Files.readString(dir.resolve("inventory.log"));
    assertThat(log).contains("mercury-inventory stopped");

    Process store = processes.get(0);
    store.destroy();
    assertThat(store.waitFor(20, TimeUnit.SECONDS)).isTrue();

    int newStorePort = startStore();
    int newPort = freePort();
    startInventory(newStorePort, newPort);
    try (ServiceClient client = client(newPort)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> answers(client));
      Map<?, ?> device = (Map<?, ?>) client.invoke(Request.of("get_one", ID), true);
      assertThat(device.get("dmi")).isEqualTo(Map.of("sys_vendor", "HPE"));
      assertThat(client.invoke(Request.of("count", Map.of()), true)).isEqualTo(1L);
    }
  }

  @Test
  void theInventoryRidesOutAStoreOutageAndRecoversWhenItReturns() throws Exception {
    int storePort = startStore();
    int port = freePort();
    startInventory(storePort, port);
    try (ServiceClient client = client(port)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> answers(client));
      client.invoke(Request.of("insert_one", Map.of("mercury_id", ID)), false);

      Process store = processes.get(0);
      store.destroyForcibly();
      assertThat(store.waitFor(20, TimeUnit.SECONDS)).isTrue();
      ServiceClient patient =
          new ServiceClient(
              context, "tcp://127.0.0.1:" + port, ClientSettings.defaults("inventory").withTimeout(Duration.ofSeconds(15)).withRetries(0));
      // The driver's own error ("end of stream", or a selection timeout) comes back as an error reply.
      assertThatThrownBy(() -> patient.invoke(Request.of("count", Map.of()), false))
          .isInstanceOf(RemoteException.class);
      patient.close();

      startStore(storePort);
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> Long.valueOf(1).equals(client.invoke(Request.of("count", Map.of()), true)));
    }
  }

  @Test
  void anUnreachableStoreStopsTheDaemonWithAClearReason() throws Exception {
    Process inventory =
        spawn(
            "inventory",
            "io.mercury.inventory.InventoryMain",
            "--inventory-bind-address", "tcp://127.0.0.1:" + freePort(),
            "--inventory-database-servers", "127.0.0.1:1");
    assertThat(inventory.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(inventory.exitValue()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("inventory.log"))).contains("cannot reach MongoDB at [127.0.0.1:1]");
  }

  @Test
  void aBadFlagStopsTheDaemonWithUsageExitCode() throws Exception {
    Process inventory = spawn("inventory", "io.mercury.inventory.InventoryMain", "--inventory-bind-adress", "x");
    assertThat(inventory.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(inventory.exitValue()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("inventory.log")))
        .contains("unknown option --inventory-bind-adress; did you mean --inventory-bind-address?");
  }
}
