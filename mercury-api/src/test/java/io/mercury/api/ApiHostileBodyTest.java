package io.mercury.api;

import static io.mercury.api.ApiServiceTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.transport.ClientSettings;
import io.mercury.inventory.testing.TestingInventory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Security finding F11: a JSON body nested 5,000 deep was answered 500. Deep, over-long and malformed
 * bodies are 400s that say what is wrong, and no error answer carries exception text.
 */
class ApiHostileBodyTest {
  static TestingInventory inventory;
  static TestClients clients;
  static ApiService api;
  static Http http;

  @BeforeAll
  static void start() {
    inventory = TestingInventory.start();
    clients = new TestClients();
    api =
        ApiService.start(
            new ApiService.Settings("127.0.0.1", 0, 250, List.of()),
            clients.backend("inventory", inventory.endpoint()),
            clients.backend("rpc", "tcp://127.0.0.1:1", ClientSettings.defaults("rpc").withTimeout(Duration.ofMillis(300)).withRetries(0)),
            inventory.audit(ApiService.NAME));
    http = new Http(api.port(), null);
  }

  @AfterAll
  static void stop() {
    api.close();
    inventory.close();
    clients.close();
  }

  static String nested(int depth) {
    return "{\"query\": " + "{\"a\": ".repeat(depth - 1) + "1" + "}".repeat(depth - 1) + "}";
  }

  /** The answer is an error envelope with no exception class, stack frame or library name in it. */
  static void assertCleanError(Http.Reply r, int status, String message) throws Exception {
    assertError(r, status, message);
    assertThat(r.body()).doesNotContain("Exception", "\tat ", "com.fasterxml", "org.eclipse", "java.", "io.mercury", "StreamReadConstraints");
  }

  @Test
  void aBodyNestedDeeperThan64LevelsIs400() throws Exception {
    String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    for (String path : List.of("/api/inventory/computers/query", "/api/inventory/computers/count", "/api/rpc/jobs", "/api/inventory/computers/dev-1/boot/state")) {
      assertCleanError(http.post(path, deep), 400, "request body is nested deeper than 64 levels of objects and arrays");
      assertCleanError(http.post(path, nested(65)), 400, "request body is nested deeper than 64 levels");
    }
    // 64 levels are read; the inventory then refuses a query deeper than its own limit
    assertCleanError(http.post("/api/inventory/computers/query", nested(64)), 400, "inventory refused the request");
    assertThat(http.post("/api/inventory/computers/query", nested(3)).status()).isEqualTo(200);
  }

  @Test
  void malformedBodiesAre400() throws Exception {
    String path = "/api/inventory/computers/query";
    assertCleanError(http.post(path, "{\"query\": {\"x\": 1" + "0".repeat(2000) + "}}"), 400, "request body exceeds a JSON parsing limit");
    assertCleanError(http.post(path, "{\"query\": {\"x\": [1, 2"), 400, "request body is not valid JSON");
    assertCleanError(http.post(path, "{\"query\": {'x': 1}}"), 400, "request body is not valid JSON");
    assertCleanError(http.post(path, "\u0000\u0001"), 400, "request body is not valid JSON");
    assertCleanError(http.post(path, "[" .repeat(100)), 400, "request body is nested deeper than 64 levels");
    assertCleanError(http.post(path, "{\"query\": {}} {}"), 400, "request body is not valid JSON: it holds more than one value");
    assertCleanError(http.post(path, "{\"query\": {}} x"), 400, "request body is not valid JSON");
  }
}
