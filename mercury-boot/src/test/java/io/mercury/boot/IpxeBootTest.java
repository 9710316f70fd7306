package io.mercury.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.inventory.testing.TestingInventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * A real iPXE client: Debian's {@code ipxe.lkrn} under {@code qemu-system-x86_64} (software emulation,
 * user-mode networking, where the host is 10.0.2.2) runs a command line that chains to the boot service.
 */
@Tag("slow")
class IpxeBootTest {
  static final Path IPXE = Path.of("/usr/lib/ipxe/ipxe.lkrn");
  static final String MAC = "52:54:00:4d:52:01";

  @TempDir Path dir;
  TestingInventory inventory;
  ZContext context;
  ServiceClient client;
  BootService boot;
  final List<BootEvent> events = new CopyOnWriteArrayList<>();
  final List<Process> guests = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    Assumptions.assumeTrue(
        Files.isReadable(IPXE) && qemu() != null,
        "iPXE test skipped: needs Debian's ipxe (" + IPXE + ") and qemu-system-x86 (qemu-system-x86_64);"
            + " bin/mercury test installs them where it can (root and apt-get)");
    inventory = TestingInventory.start();
    context = new ZContext();
    client = new ServiceClient(context, inventory.endpoint(), ClientSettings.defaults("inventory"));
    Path files = Files.createDirectories(dir.resolve("files"));
    Files.write(files.resolve("vmlinuz"), new byte[4096]);
    Files.write(files.resolve("initrd"), new byte[4096]);
    // the agent script names the service's own port, so the port is chosen before the service starts
    int port = freePort();
    boot = BootService.start("127.0.0.1", port, decider(port), files, events::add);
  }

  static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  BootDecider decider(int port) {
    AgentImage image =
        new AgentImage(
            "http://10.0.2.2:" + port + "/files", "vmlinuz", "initrd", "fetch", "mercury-agent.sqfs",
            "console=ttyS0", "tcp://10.0.2.2:9002", "", "MERCURY_RESCUE=1");
    return new BootDecider(new DeviceDirectory(client), image, AgentCredentials.none());
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : guests) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    if (boot != null) {
      boot.close();
      client.close();
      context.close();
      inventory.close();
    }
  }

  static String qemu() {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(d, "qemu-system-x86_64");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  Process guest(String name) throws IOException {
    String base = "http://10.0.2.2:" + boot.port();
    List<String> command =
        List.of(
            qemu(), "-machine", "accel=tcg", "-m", "96", "-nographic", "-no-reboot", "-monitor", "none",
            "-boot", "reboot-timeout=0",
            "-kernel", IPXE.toString(),
            "-append", "dhcp && chain " + base + "/boot && chain " + base + "/boot/after-exit",
            "-netdev", "user,id=n0",
            "-device", "e1000,netdev=n0,mac=" + MAC + ",romfile=");
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    guests.add(p);
    return p;
  }

  boolean saw(String path) {
    return events.stream().anyMatch(e -> e.path().equals(path));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void ipxeDiscoversBootsTheAgentKernelAndExitsWhenLocal() throws Exception {
    long t0 = System.nanoTime();
    Process first = guest("agent");
    await("iPXE fetches the agent kernel (guest log " + dir.resolve("agent.log") + ")")
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> saw("/files/vmlinuz") || !first.isAlive());
    assertThat(saw("/boot")).as("requests: %s", events).isTrue();
    assertThat(events)
        .anySatisfy(e -> {
          // iPXE escapes the colons of ${netX/mac}: /boot/discover/52%3A54%3A...
          assertThat(e.path()).startsWith("/boot/discover/");
          assertThat(e.mac()).isEqualTo(MAC);
          assertThat(e.decision()).isEqualTo("agent-new");
        });
    assertThat(saw("/files/vmlinuz")).as("requests: %s", events).isTrue();
    first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    long agentMs = (System.nanoTime() - t0) / 1_000_000;

    inventory.insert(
        Map.of("mercury_id", "ipxe-guest", "interfaces", List.of(Map.of("address", MAC)), "boot", Map.of("state", "local")));
    events.clear();
    long t1 = System.nanoTime();
    Process second = guest("local");
    await("iPXE leaves the boot script after 'exit' (guest log " + dir.resolve("local.log") + ")")
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> saw("/boot/after-exit") || !second.isAlive());
    assertThat(events)
        .anySatisfy(e -> {
          // iPXE escapes the colons of ${netX/mac}: /boot/discover/52%3A54%3A...
          assertThat(e.path()).startsWith("/boot/discover/");
          assertThat(e.mac()).isEqualTo(MAC);
          assertThat(e.decision()).isEqualTo("local");
          assertThat(e.mercuryId()).isEqualTo("ipxe-guest");
        });
    assertThat(saw("/boot/after-exit")).as("requests: %s", events).isTrue();
    assertThat(saw("/files/vmlinuz")).isFalse();
    System.out.printf("iPXE agent boot %d ms, local exit %d ms%n", agentMs, (System.nanoTime() - t1) / 1_000_000);
  }
}
