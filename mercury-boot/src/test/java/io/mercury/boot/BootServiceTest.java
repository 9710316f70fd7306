package io.mercury.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mercury.common.logging.LogKeys;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.inventory.testing.TestingInventory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

class BootServiceTest {
  static final AgentImage IMAGE =
      new AgentImage(
          "http://files.example/agent", "vmlinuz", "initrd", "fetch", "mercury-agent.sqfs",
          "console=ttyS0", "tcp://be:9002", "tcp://log:9006", "MERCURY_RESCUE=1");

  @TempDir Path files;
  TestingInventory inventory;
  ZContext context;
  ServiceClient client;
  BootService boot;
  final List<BootEvent> events = new CopyOnWriteArrayList<>();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws Exception {
    inventory = TestingInventory.start();
    context = new ZContext();
    client = new ServiceClient(context, inventory.endpoint(), ClientSettings.defaults("inventory"));
    Files.write(files.resolve("vmlinuz"), bytes(1000));
    boot = BootService.start("127.0.0.1", 0, new BootDecider(new DeviceDirectory(client), IMAGE, AgentCredentials.none()), files, events::add);
  }

  @AfterEach
  void stop() {
    boot.close();
    client.close();
    context.close();
    inventory.close();
  }

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + boot.port() + path);
  }

  void device(String id, String mac, Map<String, Object> boot) {
    inventory.insert(
        boot == null
            ? Map.of("mercury_id", id, "interfaces", List.of(Map.of("address", mac, "devname", "eth0")), "dmi", Map.of("sys_vendor", "HP"))
            : Map.of("mercury_id", id, "interfaces", List.of(Map.of("address", mac, "devname", "eth0")), "dmi", Map.of("sys_vendor", "HP"), "boot", boot));
  }

  @Test
  void discoveryScriptChainsToThisServer() throws Exception {
    HttpResponse<String> r = get("/boot");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(r.body())
        .isEqualTo("#!ipxe\necho MERCURY BOOT DISCOVERY\nchain http://127.0.0.1:" + boot.port() + "/boot/discover/${netX/mac} || shell\n");
    assertThat(get("/boot/").statusCode()).isEqualTo(200);
    assertThat(events).anySatisfy(e -> assertThat(e.decision()).isEqualTo("discovery"));
  }

  @Test
  void unknownMacBootsTheAgentWithTheOriginalsScript() throws Exception {
    HttpResponse<String> r = get("/boot/discover/52:54:00:AA:BB:01");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .isEqualTo(
            "#!ipxe\necho BOOTING MERCURY AGENT\n"
                + "kernel http://files.example/agent/vmlinuz initrd=initrd fetch=http://files.example/agent/mercury-agent.sqfs"
                + " MERCURY_BACKEND=tcp://be:9002 MERCURY_LOG_SERVICE=tcp://log:9006 console=ttyS0\n"
                + "initrd http://files.example/agent/initrd\nboot || shell\n");
    assertThat(events).anySatisfy(e -> {
      assertThat(e.mac()).isEqualTo("52:54:00:aa:bb:01");
      assertThat(e.decision()).isEqualTo("agent-new");
    });
  }

  @Test
  void bootStatesDecide() throws Exception {
    device("id-local", "52:54:00:00:00:01", Map.of("state", "local"));
    device("id-rescue", "52:54:00:00:00:02", Map.of("state", "rescue"));
    device("id-agent", "52:54:00:00:00:03", Map.of("state", "agent"));
    device("id-none", "52:54:00:00:00:04", null);
    device("id-odd", "52:54:00:00:00:05", Map.of("state", "sideways"));
    assertThat(get("/boot/discover/52:54:00:00:00:01").body()).isEqualTo("#!ipxe\necho MERCURY BOOT: EXITING\nexit\n");
    assertThat(get("/boot/discover/52:54:00:00:00:02").body())
        .startsWith("#!ipxe\necho BOOTING MERCURY RESCUE\n")
        .contains("console=ttyS0 MERCURY_RESCUE=1\n");
    assertThat(get("/boot/discover/52:54:00:00:00:03").body()).isEqualTo(IMAGE.agentScript(""));
    assertThat(get("/boot/discover/52-54-00-00-00-04").body()).isEqualTo(IMAGE.agentScript(""));
    assertThat(get("/boot/discover/52:54:00:00:00:05").body()).isEqualTo(IMAGE.agentScript(""));
    assertThat(events).extracting(BootEvent::decision).contains("local", "rescue", "agent");
    assertThat(events).anySatisfy(e -> {
      assertThat(e.mercuryId()).isEqualTo("id-local");
      assertThat(e.decision()).isEqualTo("local");
    });
  }

  @Test
  void deviceScriptIsRenderedWithTheDeviceDocumentOnly() throws Exception {
    device(
        "id-s", "52:54:00:00:00:09",
        Map.of("state", "local", "script", "#!ipxe\necho {{mercury_id}} {{dmi.sys_vendor}} <&>\necho [{{agent.file_server_url}}][{{host}}]\n"));
    HttpResponse<String> r = get("/boot/discover/52:54:00:00:00:09");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("#!ipxe\necho id-s HP <&>\necho [][]\n");
  }

  @Test
  void aScriptWithVariablesTheDocumentLacksIsServedAndLoggedAtWarn() throws Exception {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(BootService.class);
    appender.start();
    logger.addAppender(appender);
    try {
      device("id-m", "52:54:00:00:00:0c", Map.of("script", "#!ipxe\nkernel x ip={{ip}} {{dmi.sys_vendor}} {{dmi.serial}}\n"));
      device("id-ok", "52:54:00:00:00:0d", Map.of("script", "#!ipxe\necho {{dmi.sys_vendor}}\n"));

      assertThat(get("/boot/discover/52:54:00:00:00:0c").body()).isEqualTo("#!ipxe\nkernel x ip= HP \n");
      assertThat(get("/boot/discover/52:54:00:00:00:0d").body()).isEqualTo("#!ipxe\necho HP\n");

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(List.copyOf(appender.list))
                      .filteredOn(e -> e.getLevel() == Level.WARN)
                      .singleElement()
                      .satisfies(
                          e -> {
                            assertThat(e.getFormattedMessage())
                                .isEqualTo(
                                    "boot mac=52:54:00:00:00:0c decision=script: boot.script of id-m rendered these variables empty,"
                                        + " as the device document lacks them: ip, dmi.serial");
                            assertThat(e.getMDCPropertyMap()).containsEntry(LogKeys.MERCURY_ID, "id-m");
                          }));
      assertThat(events).filteredOn(e -> "id-m".equals(e.mercuryId())).extracting(BootEvent::decision).containsExactly("script");
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void badTemplateIsReportedToTheConsole() throws Exception {
    device("id-bad", "52:54:00:00:00:0a", Map.of("script", "#!ipxe\necho {{#dmi}}\n"));
    HttpResponse<String> r = get("/boot/discover/52:54:00:00:00:0a");
    assertThat(r.body()).startsWith("#!ipxe\necho MERCURY BOOT ERROR: boot.script of id-bad cannot be rendered").endsWith("exit 1\n");
  }

  @Test
  void duplicateMacPrintsTheProblemAndFails() throws Exception {
    device("id-a", "52:54:00:00:00:0b", null);
    device("id-b", "52:54:00:00:00:0b", null);
    HttpResponse<String> r = get("/boot/discover/52:54:00:00:00:0b");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .isEqualTo(
            "#!ipxe\necho MERCURY BOOT ERROR: Duplicate mac addresses in inventory: 52:54:00:00:00:0b is on devices [id-a, id-b]\nexit 1\n");
    assertThat(events).anySatisfy(e -> assertThat(e.decision()).isEqualTo("duplicate"));
  }

  @Test
  void badMacIs400() throws Exception {
    HttpResponse<String> r = get("/boot/discover/not-a-mac");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("not a MAC address: not-a-mac");
  }

  @Test
  void unreachableInventoryTellsTheClientToRetry() throws Exception {
    try (ZContext ctx = new ZContext();
        ServiceClient dead =
            new ServiceClient(ctx, "tcp://127.0.0.1:1", ClientSettings.defaults("inventory").withTimeout(Duration.ofMillis(300)).withRetries(0));
        BootService down = BootService.start("127.0.0.1", 0, new BootDecider(new DeviceDirectory(dead), IMAGE, AgentCredentials.none()), null, e -> {})) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + down.port() + "/boot/discover/52:54:00:00:00:01")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body())
          .startsWith("#!ipxe\necho MERCURY BOOT: inventory unreachable")
          .contains("sleep 10\nchain http://127.0.0.1:" + down.port() + "/boot/discover/52:54:00:00:00:01 || shell\n");
      HttpResponse<String> files =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + down.port() + "/files/vmlinuz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(files.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void filesAreServedWithRanges() throws Exception {
    HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(uri("/files/vmlinuz")).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(bytes(1000));
    assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");

    HttpResponse<byte[]> part =
        http.send(HttpRequest.newBuilder(uri("/files/vmlinuz")).header("Range", "bytes=10-19").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 10-19/1000");
    assertThat(part.body()).hasSize(10).startsWith((byte) 10);

    HttpResponse<byte[]> tail =
        http.send(HttpRequest.newBuilder(uri("/files/vmlinuz")).header("Range", "bytes=-5").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(tail.statusCode()).isEqualTo(206);
    assertThat(tail.headers().firstValue("Content-Range")).hasValue("bytes 995-999/1000");

    HttpResponse<byte[]> open =
        http.send(HttpRequest.newBuilder(uri("/files/vmlinuz")).header("Range", "bytes=990-").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(open.body()).hasSize(10);

    HttpResponse<String> beyond =
        http.send(HttpRequest.newBuilder(uri("/files/vmlinuz")).header("Range", "bytes=2000-").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(beyond.statusCode()).isEqualTo(416);
    assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */1000");

    HttpResponse<Void> head =
        http.send(HttpRequest.newBuilder(uri("/files/vmlinuz")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).hasValue("1000");

    assertThat(get("/files/missing").statusCode()).isEqualTo(404);
    assertThat(get("/files/..%2Fetc").statusCode()).isEqualTo(404);
    assertThat(get("/files/.hidden").statusCode()).isEqualTo(404);
  }

  @Test
  void unknownPathIs404AndWrongMethod405() throws Exception {
    HttpResponse<String> missing = get("/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    HttpResponse<String> post =
        http.send(HttpRequest.newBuilder(uri("/boot")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }
}
