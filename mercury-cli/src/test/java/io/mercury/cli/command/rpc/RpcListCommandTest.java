package io.mercury.cli.command.rpc;

import static io.mercury.cli.testing.McliRun.mcli;
import static io.mercury.cli.testing.SampleDevices.DELL_ID;
import static io.mercury.cli.testing.SampleDevices.HP_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.cli.client.Endpoints;
import io.mercury.cli.testing.McliRun;
import io.mercury.cli.testing.SampleDevices;
import io.mercury.inventory.testing.TestingInventory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code mcli rpc list} reads a device's capabilities from a real inventory service. */
@Tag("e2e")
class RpcListCommandTest {
  private static final String AGENT_ID = "01ee000000000000000000000000000000000000ee";
  private static TestingInventory inventory;

  @BeforeAll
  static void startInventory() {
    inventory = TestingInventory.start();
    inventory.insert(SampleDevices.hp());
    inventory.insert(SampleDevices.dell());
    Map<String, Object> caps = new LinkedHashMap<>();
    caps.put("run", Map.of("name", "run", "arguments", "COMMAND [ARG...]", "num_args", 1L, "serial", false,
        "timeout", 1800L, "description", "Run a command"));
    caps.put("echo", Map.of("name", "echo", "num_args", 1L, "serial", false, "timeout", 1800L,
        "description", "Echo back"));
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("mercury_id", AGENT_ID);
    device.put("active", Map.of("rpc_address", "10.0.0.9", "rpc_port", 9003L, "capabilities", caps));
    inventory.insert(device);
  }

  @AfterAll
  static void stopInventory() {
    inventory.close();
  }

  private static McliRun run(String... args) {
    return mcli("", Map.of(Endpoints.INVENTORY_ENV, inventory.endpoint()), args);
  }

  @Test
  void listsTheCapabilitiesSortedByName() {
    McliRun run = run("rpc", "list", AGENT_ID);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "NAME  ARGUMENTS         SERIAL  TIMEOUT  DESCRIPTION\n"
                + "echo  1 arg             no         1800  Echo back\n"
                + "run   COMMAND [ARG...]  no         1800  Run a command\n");
  }

  @Test
  void jsonPrintsOneDescriptorPerLine() {
    McliRun run = run("rpc", "list", "--json", HP_ID);

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).containsExactly("{\"description\":\"Echo back\",\"name\":\"echo\"}");
  }

  @Test
  void inactiveAndUnknownDevicesFail() {
    McliRun inactive = run("rpc", "list", DELL_ID);
    McliRun unknown = run("rpc", "list", "01nope");

    assertThat(inactive.exitCode()).isEqualTo(1);
    assertThat(inactive.err()).isEqualTo("mcli: device " + DELL_ID + " is not active (no agent registered)\n");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("mcli: no device with mercury_id 01nope\n");
    assertThat(List.of(inactive.out(), unknown.out())).containsOnly("");
  }
}
