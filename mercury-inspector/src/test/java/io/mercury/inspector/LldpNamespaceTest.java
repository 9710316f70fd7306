package io.mercury.inspector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two network namespaces joined by a veth pair, lldpd on both: the "switch" side advertises a name and a
 * port; the inspector, run inside the "server" namespace, reports it under the server's interface.
 * Skipped, saying why, where namespaces cannot be made (not root, no iproute2) or lldpd is missing.
 */
class LldpNamespaceTest {
  private static final String SWITCH_NAME = "c10-5-1e.ord1";

  @TempDir Path dir;
  private final String suffix = Long.toString(ProcessHandle.current().pid() % 100000);
  private final String switchNs = "msw" + suffix;
  private final String serverNs = "msrv" + suffix;
  private final String serverIf = "vsrv" + suffix;

  private record Result(int code, String out) {}

  private static Result sh(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, out);
    }
    return new Result(p.exitValue(), out);
  }

  private static boolean onPath(String tool) {
    return List.of("/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/").stream().anyMatch(d -> Files.isExecutable(Path.of(d + tool)));
  }

  @BeforeEach
  void createNamespaces() throws Exception {
    assumeTrue(onPath("ip"), "LLDP namespace test skipped: iproute2 (ip) is not installed");
    assumeTrue(onPath("lldpd") && onPath("lldpcli"), "LLDP namespace test skipped: lldpd is not installed (Debian package lldpd)");
    // lldpd and lldpcli switch to the _lldpd user, who must be able to reach the control sockets
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Result add = sh("ip", "netns", "add", switchNs);
    assumeTrue(add.code() == 0, "LLDP namespace test skipped: cannot create network namespaces here: " + add.out().strip());
    String switchIf = "vsw" + suffix;
    for (String[] step :
        new String[][] {
          {"ip", "netns", "add", serverNs},
          {"ip", "link", "add", switchIf, "type", "veth", "peer", "name", serverIf},
          {"ip", "link", "set", switchIf, "netns", switchNs},
          {"ip", "link", "set", serverIf, "netns", serverNs},
          {"ip", "-n", switchNs, "link", "set", switchIf, "up"},
          {"ip", "-n", serverNs, "link", "set", serverIf, "up"},
          {"ip", "-n", switchNs, "addr", "add", "10.250.0.1/30", "dev", switchIf},
          {"ip", "netns", "exec", switchNs, "lldpd", "-u", sock("switch"), "-I", switchIf, "-S", "Arista DCS-7050", "-m", "10.250.0.1"},
          {"ip", "netns", "exec", serverNs, "lldpd", "-u", sock("server"), "-I", serverIf},
        }) {
      Result r = sh(step);
      assertThat(r.code()).as("%s: %s", String.join(" ", step), r.out()).isZero();
    }
    for (String[] conf :
        new String[][] {
          {"configure", "system", "hostname", SWITCH_NAME},
          {"configure", "lldp", "tx-interval", "1"},
          {"configure", "ports", switchIf, "lldp", "portdescription", "Ethernet17"},
        }) {
      List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", switchNs, "lldpcli", "-u", sock("switch")));
      command.addAll(List.of(conf));
      // lldpd accepts configuration once it has finished starting
      await().atMost(Duration.ofSeconds(20)).until(() -> sh(command.toArray(String[]::new)).code() == 0);
    }
  }

  private String sock(String side) {
    return dir.resolve(side + ".sock").toString();
  }

  @AfterEach
  void deleteNamespaces() throws Exception {
    for (String ns : List.of(switchNs, serverNs)) {
      for (String pid : sh("ip", "netns", "pids", ns).out().split("\\s+")) {
        if (!pid.isBlank()) {
          sh("kill", pid.strip());
        }
      }
      sh("ip", "netns", "del", ns);
    }
  }

  private JsonNode serverNicAfterInspecting(String... inspectArgs) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "ip", "netns", "exec", serverNs,
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"),
                InspectorMain.class.getName()));
    command.addAll(List.of(inspectArgs));
    Result inspect = sh(command.toArray(String[]::new));
    assertThat(inspect.code()).as(inspect.out()).isZero();
    String json = inspect.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
    for (JsonNode nic : new ObjectMapper().readTree(json).get("interfaces")) {
      if (nic.get("devname").asText().equals(serverIf)) {
        return nic;
      }
    }
    throw new AssertionError("interface " + serverIf + " missing from " + json);
  }

  @Test
  void theInspectorOnTheServerSideReportsTheSwitchPort() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> sh("ip", "netns", "exec", serverNs, "lldpcli", "-u", sock("server"), "show", "neighbors").out().contains(SWITCH_NAME));
    JsonNode serverNic = serverNicAfterInspecting("--lldp-socket", sock("server"));
    assertThat(serverNic.get("lldp").get("switch_name").asText()).isEqualTo(SWITCH_NAME);
    assertThat(serverNic.get("lldp").get("port_number").asLong()).isEqualTo(17);
    assertThat(serverNic.get("lldp").get("management_address").asText()).isEqualTo("10.250.0.1");
  }

  @Test
  void withoutLldpdTheInspectorHearsTheSwitchOnARawSocket() throws Exception {
    // lldpcli cannot reach a daemon at this socket, as on a machine without lldpd
    JsonNode serverNic = serverNicAfterInspecting("--lldp-socket", dir.resolve("absent.sock").toString(), "--lldp-listen", "10");
    assertThat(serverNic.has("lldp")).as("lldp on %s", serverNic).isTrue();
    assertThat(serverNic.get("lldp").get("switch_name").asText()).isEqualTo(SWITCH_NAME);
    assertThat(serverNic.get("lldp").get("port_number").asLong()).isEqualTo(17);
    assertThat(serverNic.get("lldp").get("system_description").asText()).isEqualTo("Arista DCS-7050");
  }
}
