package io.mercury.rpc.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mercury.agent.testing.TestingAgent;
import io.mercury.common.protocol.Request;
import io.mercury.common.security.KeyEntry;
import io.mercury.common.security.KeyStatus;
import io.mercury.common.store.keys.EnrolmentTokens;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.inventory.testing.TestingInventory;
import io.mercury.rpc.testing.TestingRpc;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/** The operators' key endpoints on the backend's real socket, and the enrolment socket. */
class KeyEndpointsTest {
  private static final String KEY_A = "A".repeat(39) + "1";
  private static final String KEY_B = "B".repeat(39) + "2";
  private static final String ID_A = "00" + "a".repeat(40);
  private static final String ID_B = "00" + "b".repeat(40);

  private TestingInventory inventory;
  private TestingRpc rpc;
  private final ZContext context = new ZContext();
  private ServiceClient backend;
  private ServiceClient frontend;
  private ServiceClient inventoryClient;

  @BeforeEach
  void start() {
    inventory = TestingInventory.start();
    rpc = TestingRpc.start(inventory.endpoint());
    ClientSettings settings = ClientSettings.defaults("test").withTimeout(Duration.ofSeconds(10));
    backend = new ServiceClient(context, rpc.backendEndpoint(), settings);
    frontend = new ServiceClient(context, rpc.frontendEndpoint(), settings);
    inventoryClient = new ServiceClient(context, inventory.endpoint(), settings);
  }

  @AfterEach
  void stop() {
    backend.close();
    frontend.close();
    inventoryClient.close();
    context.close();
    rpc.close();
    inventory.close();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  private List<Map<String, Object>> listKeys(String status) throws Exception {
    Request request = status == null ? Request.of("list_keys") : new Request("list_keys", List.of(), Map.of("status", status));
    return ((List<?>) map(backend.invoke(request, true)).get("keys")).stream().map(KeyEndpointsTest::map).toList();
  }

  private Map<String, Object> setStatus(String status, String... keys) throws Exception {
    return map(backend.invoke(new Request("set_key_status", List.of(List.of((Object[]) keys), status), Map.of()), false));
  }

  @Test
  void keysAreListedWithTheirFingerprintAndFilteredByStatus() throws Exception {
    rpc.keys().upsertPending(KEY_A, "00" + "a".repeat(40), "host-a", null);
    rpc.keys().upsertPending(KEY_B, ID_B, "host-b", null);
    rpc.keys().setStatus(KEY_B, KeyStatus.ACCEPTED, "alice");

    List<Map<String, Object>> all = listKeys(null);
    assertThat(all).extracting(k -> k.get("public_key")).containsExactly(KEY_A, KEY_B);
    assertThat(all.get(1))
        .containsEntry("fingerprint", KeyEntry.fingerprint(KEY_B).substring(0, 16))
        .containsEntry("name", ID_B)
        .containsEntry("kind", "agent")
        .containsEntry("role", "agent")
        .containsEntry("status", "accepted")
        .containsEntry("hostname", "host-b")
        .containsEntry("updated_by", "alice")
        .containsKeys("created_at", "updated_at");
    assertThat(listKeys("pending")).extracting(k -> k.get("public_key")).containsExactly(KEY_A);
    assertThatThrownBy(() -> listKeys("bogus"))
        .isInstanceOf(RemoteException.class)
        .hasMessageContaining("unknown key status 'bogus'");
  }

  @Test
  void statusChangesAreReportedPerKeyAndUnknownKeysChangeNothing() throws Exception {
    rpc.keys().upsertPending(KEY_A, "00" + "a".repeat(40), null, null);
    rpc.keys().upsertPending(KEY_B, ID_B, null, null);

    assertThatThrownBy(() -> setStatus("accept", KEY_A, "nobody"))
        .isInstanceOf(RemoteException.class)
        .hasMessageContaining("set_key_status changed nothing: no key has the public key, name or fingerprint 'nobody'");
    assertThat(rpc.keys().find(KEY_A).orElseThrow().status()).isEqualTo(KeyStatus.PENDING);

    Map<String, Object> accepted = setStatus("accept", KEY_A, KeyEntry.fingerprint(KEY_B).substring(0, 8));
    assertThat((List<?>) accepted.get("changed")).hasSize(2);
    assertThat(accepted.get("errors")).isEqualTo(List.of());
    assertThat(rpc.keys().find(KEY_A).orElseThrow().updatedBy()).isEqualTo("unauthenticated");

    Map<String, Object> again = setStatus("accepted", KEY_A);
    assertThat((List<?>) again.get("unchanged")).singleElement().satisfies(k -> assertThat(map(k)).containsEntry("public_key", KEY_A));

    rpc.keys().setStatus(KEY_B, KeyStatus.REVOKED, "alice");
    Map<String, Object> mixed = setStatus("reject", KEY_B);
    assertThat(mixed.get("changed")).isEqualTo(List.of());
    assertThat((List<?>) mixed.get("errors")).singleElement()
        .satisfies(e -> assertThat((String) map(e).get("error")).contains("cannot reject key").contains("it is revoked"));

    assertThatThrownBy(() -> setStatus("pending", KEY_A))
        .isInstanceOf(RemoteException.class)
        .hasMessageContaining("status must be accept, replace, reject or revoke, got 'pending'");
  }

  @Test
  void aDeviceHasOneKeyASecondOneIsAConflictThatOnlyReplaceLetsIn() throws Exception {
    rpc.keys().acceptAgent(KEY_A, ID_A, "host-a", null, "token:t1");
    String newKey = "n".repeat(40);
    rpc.keys().upsertPending(newKey, ID_A, "host-a", null);
    String newFp = KeyEntry.fingerprint(newKey).substring(0, KeyEntry.SHORT_FINGERPRINT);

    Map<String, Object> listed = listKeys("pending").getFirst();
    assertThat(listed).containsEntry("public_key", newKey).containsEntry("conflict", KeyEntry.fingerprint(KEY_A).substring(0, 16));

    Map<String, Object> refused = setStatus("accept", newFp);
    assertThat((List<?>) refused.get("changed")).isEmpty();
    assertThat(refused.get("errors").toString()).contains("device " + ID_A + " already has accepted key").contains("mcli keys replace " + newFp);
    assertThat(rpc.keys().find(newKey).orElseThrow().status()).isEqualTo(KeyStatus.PENDING);

    Map<String, Object> replaced = setStatus("replace", newFp);
    assertThat(((List<?>) replaced.get("changed")).stream().map(k -> String.valueOf(((Map<?, ?>) k).get("status"))).toList())
        .containsExactlyInAnyOrder("accepted", "revoked");
    assertThat(rpc.keys().find(newKey).orElseThrow().status()).isEqualTo(KeyStatus.ACCEPTED);
    assertThat(rpc.keys().find(KEY_A).orElseThrow().status()).isEqualTo(KeyStatus.REVOKED);
    assertThat(rpc.keys().boundTo(ID_A)).extracting(KeyEntry::publicKey).containsExactly(newKey);
  }

  @Test
  void aTokenIsCreatedOnceAndAcceptsAnEnrollingKey() throws Exception {
    Map<String, Object> created =
        map(backend.invoke(new Request("create_enrolment_token", List.of(), Map.of("ttl_seconds", 600.0, "uses", 2L)), false));
    String token = (String) created.get("token");
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    assertThat(created).containsEntry("uses", 2L).containsEntry("id", EnrolmentTokens.id(token));
    assertThat((Double) created.get("expires_at")).isGreaterThan(System.currentTimeMillis() / 1000.0 + 590);
    assertThat(rpc.tokens().redeem(token)).isEqualTo(EnrolmentTokens.Redemption.REDEEMED);

    assertThatThrownBy(() -> backend.invoke(new Request("create_enrolment_token", List.of(), Map.of("uses", 0L)), false))
        .isInstanceOf(RemoteException.class)
        .hasMessageContaining("uses must be between 1 and");
  }

  @Test
  void theEnrolmentSocketServesOnlyEnrolAndNeedsAnAuthenticatedKey() {
    try (ServiceClient enrol =
        new ServiceClient(context, rpc.enrolmentEndpoint(), ClientSettings.defaults("test").withTimeout(Duration.ofSeconds(10)))) {
      assertThatThrownBy(() -> enrol.invoke(Request.of("enrol", ID_B), false))
          .isInstanceOf(RemoteException.class)
          .hasMessageContaining("enrol needs CURVE");
      assertThatThrownBy(() -> enrol.invoke(Request.of("list_keys"), true))
          .isInstanceOf(RemoteException.class)
          .hasMessageContaining("Endpoint is not supported: list_keys");
    }
  }

  /**
   * In plaintext nobody is authenticated, so the agent registers again at its next heartbeat and
   * nothing can keep it out; with CURVE it is kept out (AgentChannelTest).
   */
  @Test
  void revokingAnAgentsKeyEndsItsOpenTasks() throws Exception {
    try (TestingAgent agent = TestingAgent.start(rpc.backendEndpoint())) {
      String id = agent.mercuryId();
      await().atMost(Duration.ofSeconds(30)).until(() -> active(id) != null);
      rpc.keys().acceptAgent(KEY_A, id, null, null, "test");
      Map<String, Object> created =
          map(frontend.invoke(Request.of("create_job", Map.of("mercury_id", id), Map.of("method", "test_sleep", "kwargs", Map.of("seconds", 30L))), false));
      String jobId = (String) created.get("job_id");
      await().atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(task(jobId).get("status")));

      Map<String, Object> revoked = setStatus("revoke", id);
      assertThat((List<?>) revoked.get("changed")).hasSize(1);

      await().atMost(Duration.ofSeconds(30)).until(() -> "ERROR".equals(task(jobId).get("status")));
      assertThat((String) task(jobId).get("reason"))
          .isEqualTo("the agent's key " + KeyEntry.fingerprint(KEY_A).substring(0, 16)
              + " was revoked by unauthenticated; the task may or may not have run");
      assertThat(rpc.keys().list(Optional.of(KeyStatus.REVOKED))).extracting(KeyEntry::name).containsExactly(id);
    }
  }

  private Object active(String mercuryId) throws Exception {
    Map<String, Object> device =
        map(inventoryClient.invoke(new Request("get_one", List.of(mercuryId), Map.of("projection", Map.of("active", 1))), true));
    return device == null ? null : device.get("active");
  }

  private Map<String, Object> task(String jobId) throws Exception {
    return map(((List<?>) map(frontend.invoke(Request.of("get_job_tasks", jobId), true)).get("tasks")).get(0));
  }
}
