package io.mercury.cli.command.inventory;

import static io.mercury.cli.testing.McliRun.mcli;
import static io.mercury.cli.testing.SampleDevices.DELL_ID;
import static io.mercury.cli.testing.SampleDevices.HP_ID;
import static io.mercury.cli.testing.SampleDevices.VM_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercury.cli.client.Endpoints;
import io.mercury.cli.testing.McliRun;
import io.mercury.cli.testing.SampleDevices;
import io.mercury.inventory.testing.TestingInventory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code mcli inventory}, {@code get} and {@code count} against a real inventory service. */
@Tag("e2e")
class InventoryCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestingInventory inventory;

  @BeforeAll
  static void startInventory() {
    inventory = TestingInventory.start();
    SampleDevices.all().forEach(inventory::insert);
  }

  @AfterAll
  static void stopInventory() {
    inventory.close();
  }

  private static McliRun inv(String... args) {
    return mcliAt("", args);
  }

  private static McliRun mcliAt(String stdin, String... args) {
    return mcli(stdin, Map.of(Endpoints.INVENTORY_ENV, inventory.endpoint()), args);
  }

  private static Map<String, Object> doc(String json) throws Exception {
    return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
  }

  @Test
  void listsAllDevicesAsATableInInsertionOrder() {
    McliRun run = inv("inventory");

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines().getFirst())
        .startsWith("MERCURY_ID")
        .contains("VENDOR", "PRODUCT", "SERIAL", "CPU", "MEMORY", "NICS", "ACTIVE");
    assertThat(run.outLines().get(1))
        .matches(
            HP_ID + " +- +HP +ProLiant DL360 Gen9 +MXQ1234567 +2 x Intel\\(R\\) Xeon\\(R\\) CPU E5-2680 v3"
                + " @ 2.50GHz +128.0 GiB +4 +yes");
    assertThat(run.outLines().get(2))
        .matches(DELL_ID + " +- +Dell Inc\\. +PowerEdge R640 +7XK9Q2 +2 x .*6130, 1 x .*6140 +64.0 GiB +2 +no");
    assertThat(run.outLines().get(3)).matches(VM_ID + " +- +- +- +- +- +2.0 GiB +- +no");
    assertThat(run.err()).isEqualTo("3 devices\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "dmi.sys_vendor=HP|" + HP_ID,
        "dmi.sys_vendor!=HP|" + DELL_ID + " " + VM_ID,
        "mem.MemTotal>=64e9|" + HP_ID + " " + DELL_ID,
        "mem.MemTotal>64e9 mem.MemTotal<=128e9|" + DELL_ID,
        "mem.MemTotal<3e9|" + VM_ID,
        "dmi.product_name~^Power|" + DELL_ID,
        "dmi.product_name~DL3[68]0|" + HP_ID,
        "active|" + HP_ID,
        "!active|" + DELL_ID + " " + VM_ID,
        "!dmi|" + VM_ID,
        "dmi.chassis_type=\"23\"|" + HP_ID + " " + DELL_ID,
        "dmi.chassis_type=23|",
        "interfaces.devname=ens1f1|" + HP_ID,
        "cpu.model_name~6140 dmi.sys_vendor~Dell|" + DELL_ID,
        "dmi.sys_vendor~(?i)^dell|" + DELL_ID,
        "--active dmi.sys_vendor=HP|" + HP_ID,
        "--active dmi.sys_vendor~Dell|",
      })
  void filtersSelectDevices(String filters, String expected) {
    String[] args =
        java.util.stream.Stream.concat(
                java.util.stream.Stream.of("inventory", "--ids"),
                java.util.Arrays.stream(filters.split(" ")))
            .toArray(String[]::new);

    McliRun run = inv(args);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.outLines())
        .containsExactlyElementsOf(expected == null ? List.of() : List.of(expected.split(" ")));
  }

  @Test
  void rawQueryIsAndedWithFilters() {
    McliRun run =
        inv(
            "inventory",
            "--ids",
            "-q",
            "{\"dmi.sys_vendor\": {\"$in\": [\"HP\", \"Dell Inc.\"]}}",
            "mem.MemTotal<100e9");

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).containsExactly(DELL_ID);
  }

  @Test
  void projectionShowsTheChosenFields() {
    McliRun run = inv("inventory", "-p", "dmi.sys_vendor,interfaces.devname", "dmi.sys_vendor=HP");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "MERCURY_ID                                  dmi.sys_vendor  interfaces.devname\n"
                + HP_ID
                + "  HP              eno1,eno2,ens1f0,ens1f1\n");
  }

  @Test
  void jsonPrintsOneDocumentPerLineWithTheTableFields() throws Exception {
    McliRun run = inv("inventory", "--json");

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).hasSize(3);
    Map<String, Object> hp = doc(run.outLines().getFirst());
    assertThat(hp.get("mercury_id")).isEqualTo(HP_ID);
    assertThat(hp.get("dmi")).isEqualTo(Map.of("sys_vendor", "HP", "product_name", "ProLiant DL360 Gen9",
        "product_serial", "MXQ1234567", "chassis_serial", "CHS-HP-1"));
    assertThat(hp.get("_id")).asString().hasSize(24);
    assertThat(hp).doesNotContainKey("bmc");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void jsonWithProjectionPrintsThoseFields() throws Exception {
    McliRun run = inv("inventory", "--json", "-p", "bmc.network.ip_address", "active");

    assertThat(run.exitCode()).isZero();
    Map<String, Object> hp = doc(run.out());
    assertThat(hp.get("bmc")).isEqualTo(Map.of("network", Map.of("ip_address", "10.1.0.11")));
    assertThat(hp.keySet()).containsExactlyInAnyOrder("_id", "mercury_id", "bmc");
  }

  @Test
  void getPrintsASummaryThenTheWholeDocumentPerDevice() {
    McliRun run = inv("inventory", "get", HP_ID, DELL_ID);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.outLines().getFirst()).isEqualTo("mercury_id  " + HP_ID);
    assertThat(run.out())
        .contains(
            "\nagent       active at 10.0.0.11:9003\n",
            "\nvendor      HP\n",
            "\nserial      MXQ1234567\n",
            "\nmemory      128.0 GiB\n",
            "\nbmc         10.1.0.11 (static)\n",
            "\n-- document\n",
            "\nmem:\n  MemTotal: 137438953472 (128.0 GiB)\n",
            "\nbmc:\n  network:\n    ip_address: 10.1.0.11\n")
        .doesNotContain("\"mercury_id\"", "{");
    assertThat(run.out()).contains("\n\nmercury_id  " + DELL_ID + "\nhostname    -\nagent       inactive\n");
  }

  @Test
  void getWithProjectionPrintsOnlyThoseFieldsAsLines() {
    McliRun run = inv("inventory", "get", "-p", "dmi.sys_vendor,mem.MemTotal", HP_ID);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("mercury_id: " + HP_ID + "\n", "dmi:\n  sys_vendor: HP\nmem:\n  MemTotal: 137438953472 (128.0 GiB)\n")
        .doesNotContain("-- document", "agent ");
  }

  @Test
  void getWithProjectionAndJsonPrintsCompactLines() throws Exception {
    McliRun run = inv("inventory", "get", "--json", "-p", "dmi.sys_vendor", HP_ID, DELL_ID);

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).hasSize(2);
    Map<String, Object> dell = doc(run.outLines().get(1));
    assertThat(dell.get("mercury_id")).isEqualTo(DELL_ID);
    assertThat(dell.get("dmi")).isEqualTo(Map.of("sys_vendor", "Dell Inc."));
    assertThat(dell.keySet()).containsExactlyInAnyOrder("_id", "mercury_id", "dmi");
  }

  @Test
  void getReportsUnknownIdsAndStillPrintsTheOthers() throws Exception {
    McliRun run = inv("inventory", "get", "--json", "nope", HP_ID);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.outLines()).hasSize(1);
    assertThat(doc(run.out()).get("mercury_id")).isEqualTo(HP_ID);
    assertThat(run.errLines())
        .containsExactly("mcli: no device with mercury_id nope", "mcli: 1 of 2 devices not found");
  }

  @Test
  void idsPipeIntoGet() throws Exception {
    McliRun ids = inv("inventory", "--ids", "mem.MemTotal>=64e9");
    McliRun get = mcliAt(ids.out(), "inventory", "get", "--json", "-p", "dmi.sys_vendor", "-");

    assertThat(get.exitCode()).isZero();
    assertThat(get.outLines()).hasSize(2);
    assertThat(doc(get.outLines().get(0)).get("mercury_id")).isEqualTo(HP_ID);
    assertThat(doc(get.outLines().get(1)).get("mercury_id")).isEqualTo(DELL_ID);
  }

  @Test
  void tableAndJsonLinesPipeIntoGetToo() {
    McliRun table = inv("inventory", "dmi.sys_vendor=HP");
    McliRun json = inv("inventory", "--json", "dmi.sys_vendor~Dell");

    McliRun get = mcliAt(table.out() + "\n# comment\n" + json.out(), "inventory", "get", "--json", "-");

    assertThat(get.exitCode()).as(get.err()).isZero();
    assertThat(get.outLines()).hasSize(2);
    assertThat(get.outLines().get(0)).contains(HP_ID);
    assertThat(get.outLines().get(1)).contains(DELL_ID);
  }

  @Test
  void emptyStdinGetsNothingAndSucceeds() {
    McliRun get = mcliAt("", "inventory", "get", "-");

    assertThat(get.exitCode()).isZero();
    assertThat(get.out()).isEmpty();
  }

  @Test
  void countPrintsTheInteger() {
    assertThat(inv("inventory", "count").out()).isEqualTo("3\n");
    assertThat(inv("inventory", "count", "mem.MemTotal>=64e9").out()).isEqualTo("2\n");
    assertThat(inv("inventory", "count", "--active").out()).isEqualTo("1\n");
    assertThat(inv("inventory", "count", "-q", "{\"dmi\": null}").out()).isEqualTo("1\n");
    assertThat(inv("inventory", "count", "dmi.sys_vendor=Nobody").out()).isEqualTo("0\n");
    assertThat(inv("inventory", "count", "mem.MemTotal>=64e9", "--json").out()).isEqualTo("{\"count\":2}\n");
    assertThat(inv("inventory", "count", "mem.MemTotal>=64G").out()).isEqualTo("2\n");
  }

  @Test
  void serviceErrorReplyIsAOneLineFailure() {
    McliRun run = inv("inventory", "count", "-q", "{\"$where\": \"sleep(1000)\"}");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).startsWith("mcli: inventory error: Query operator $where is not allowed");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "inventory a>|mcli: bad filter 'a>': missing value after '>'",
        "inventory count =x|mcli: bad filter '=x': missing field name before '='",
        "inventory x~(|mcli: bad filter 'x~(': invalid regex: Unclosed group",
        "inventory -q {nope|mcli: bad query JSON at column 2",
        "inventory -q [1]|mcli: bad query JSON: must be an object",
        "inventory -n -1|mcli: --max-items must not be negative, was -1",
        "inventory --json --ids|mcli: --json and --ids cannot be used together",
        "inventory -p a..b|mcli: bad field 'a..b' in --projection",
        "inventory --sort $x|mcli: bad --sort field '$x'",
        "inventory --bogus|mcli: Unknown option: '--bogus' (see 'mcli inventory --help')",
        "inventory get|mcli: Missing required parameter: 'ID' (see 'mcli inventory get --help')",
        "inventory -n many|mcli: Invalid value for option '--max-items'",
        "inventory --timeout 0|mcli: --timeout must be between 0.1 and 86400 seconds, was 0.0",
        "inventory --inventory localhost:9000|mcli: invalid --inventory address 'localhost:9000'",
        "nope|mcli: Unmatched argument at index 0: 'nope'",
      })
  void usageErrorsExitWith2AndOneLine(String args, String message) {
    McliRun run = inv(args.split(" "));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).startsWith(message);
  }

  @Test
  void missingCommandIsAUsageError() {
    McliRun run = mcli();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("mcli: missing command (see 'mcli --help')\n");
  }

  @Test
  void inventoryOptionWorksBeforeAndAfterTheCommand() {
    McliRun before = mcli("--inventory", inventory.endpoint(), "inventory", "count");
    McliRun after = mcli("inventory", "count", "--inventory", inventory.endpoint());

    assertThat(before.out()).isEqualTo("3\n");
    assertThat(after.out()).isEqualTo("3\n");
  }

  @Test
  void helpListsTheFilterLanguage() {
    McliRun run = inv("inventory", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("key~regex", "--active", "--ids", "--json", "get", "count");
  }
}
