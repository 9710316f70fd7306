package io.mercury.api;

import static io.mercury.api.ApiServiceTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.store.audit.MemoryAudit;
import io.mercury.common.transport.ClientSettings;
import io.mercury.inventory.testing.TestingInventory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiAuthAndOutageTest {
  static final String TOKEN = "s3cret-token";
  TestClients clients;
  TestingInventory inventory;

  @BeforeEach
  void start() {
    clients = new TestClients();
    inventory = TestingInventory.start();
  }

  @AfterEach
  void stop() {
    inventory.close();
    clients.close();
  }

  Backend backend(String name, String endpoint) {
    return clients.backend(name, endpoint, ClientSettings.defaults(name).withTimeout(Duration.ofMillis(400)).withRetries(0));
  }

  @Test
  void tokensAreCheckedAgainstTheirDigests() throws Exception {
    assertThat(TokenAuth.hash(TOKEN)).hasSize(64).isEqualTo(TokenAuth.hash(TOKEN)).isNotEqualTo(TokenAuth.hash("other"));
    try (ApiService api =
        ApiService.start(
            new ApiService.Settings("127.0.0.1", 0, 250, List.of(TokenAuth.hash(TOKEN).toUpperCase(Locale.ROOT))),
            backend("inventory", inventory.endpoint()),
            backend("rpc", "tcp://127.0.0.1:1"), inventory.audit(ApiService.NAME))) {
      assertError(new Http(api.port(), null).get("/api/inventory/computers"), 401, "X-AUTH-TOKEN HEADER NOT FOUND");
      assertError(new Http(api.port(), "wrong").get("/api/inventory/computers"), 401, "X-Auth-Token is not valid");
      assertError(new Http(api.port(), null).get("/api/typo"), 401, "X-AUTH-TOKEN HEADER NOT FOUND");
      assertError(new Http(api.port(), null).post("/api/rpc/jobs", "{}"), 401, "X-AUTH-TOKEN HEADER NOT FOUND");
      Http.Reply ok = new Http(api.port(), TOKEN).get("/api/inventory/computers");
      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.json()).containsEntry("total", 0);
    }
  }

  @Test
  void aPublicAddressNeedsTokensAndDigestsMustBeDigests() {
    assertThatThrownBy(
            () -> ApiService.start(new ApiService.Settings("0.0.0.0", 0, 250, List.of()), backend("inventory", inventory.endpoint()), backend("rpc", "tcp://127.0.0.1:1"), inventory.audit(ApiService.NAME)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("api.auth.tokens is empty");
    assertThatThrownBy(() -> TokenAuth.of(List.of("plain-token")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a SHA-256 hex digest");
  }

  @Test
  void withoutAnAuditTrailChangesAreRefusedAndReadsStillServed() throws Exception {
    try (ApiService api =
        ApiService.start(
            new ApiService.Settings("127.0.0.1", 0, 250, List.of()),
            backend("inventory", inventory.endpoint()),
            backend("rpc", "tcp://127.0.0.1:1"),
            MemoryAudit.unavailable(ApiService.NAME))) {
      inventory.insert(java.util.Map.of("mercury_id", "dev-1"));
      Http http = new Http(api.port(), null);
      assertError(http.post("/api/inventory/computers/dev-1/boot/state", "{\"state\": \"local\"}"), 503,
          "POST /api/inventory/computers/{mercury_id}/boot/state refused: audit trail unavailable (store down)");
      assertThat(inventory.devices().find().first()).doesNotContainKey("boot");
      assertThat(http.get("/api/inventory/computers/dev-1").status()).isEqualTo(200);
    }
  }

  @Test
  void unreachableServicesAre503() throws Exception {
    try (ApiService api =
        ApiService.start(
            new ApiService.Settings("127.0.0.1", 0, 250, List.of()), backend("inventory", "tcp://127.0.0.1:1"), backend("rpc", "tcp://127.0.0.1:1"), inventory.audit(ApiService.NAME))) {
      Http http = new Http(api.port(), null);
      assertError(http.get("/api/inventory/computers"), 503, "inventory is unavailable");
      assertError(http.get("/api/active/computers/x"), 503, "inventory is unavailable");
      assertError(http.post("/api/inventory/computers/boot/state", "{\"query\": {}, \"state\": \"local\"}"), 503, "inventory is unavailable");
      assertError(http.post("/api/rpc/jobs", "{\"query\": {}, \"instruction\": {\"method\": \"echo\"}}"), 503, "rpc is unavailable");
      assertError(http.get("/api/rpc/jobs"), 503, "rpc is unavailable");
    }
  }
}
