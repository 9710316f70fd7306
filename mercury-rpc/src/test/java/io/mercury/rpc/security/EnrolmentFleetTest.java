package io.mercury.rpc.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mercury.agent.EnrolmentConfig;
import io.mercury.agent.testing.TestingAgent;
import io.mercury.common.protocol.Request;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.security.KeyDirectory;
import io.mercury.common.security.KeyFiles;
import io.mercury.common.security.KeyStatus;
import io.mercury.common.security.Role;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.inventory.testing.TestingInventory;
import io.mercury.rpc.testing.TestingRpc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * The whole enrolment path with CURVE on everywhere: a new agent's key is pending until an admin
 * accepts it through the backend, or is accepted at once with a token; then the agent registers.
 */
class EnrolmentFleetTest {
  @TempDir Path keys;
  private TestingInventory inventory;
  private TestingRpc rpc;
  private final ZContext context = new ZContext();
  private ServiceClient admin;
  private ServiceClient inventoryClient;
  private String backendKey;

  @BeforeEach
  void start() throws Exception {
    KeyDirectory.ensure(keys, KeyDirectory.SERVICES, "operator", Role.ADMIN);
    CurveKeyPair operator = KeyFiles.load(keys, "operator");
    backendKey = KeyFiles.loadPublic(KeyFiles.publicFile(keys, "backend")).publicKey();
    String inventoryKey = KeyFiles.loadPublic(KeyFiles.publicFile(keys, "inventory")).publicKey();
    inventory = TestingInventory.startSecure(keys);
    rpc = TestingRpc.startSecure(inventory.endpoint(), keys);
    ClientSettings settings = ClientSettings.defaults("test").withTimeout(Duration.ofSeconds(10)).withRetries(0);
    admin = new ServiceClient(context, rpc.backendEndpoint(), settings.withCurve(new CurveClient(operator, backendKey)));
    inventoryClient = new ServiceClient(context, inventory.endpoint(), settings.withCurve(new CurveClient(operator, inventoryKey)));
  }

  @AfterEach
  void stop() {
    admin.close();
    inventoryClient.close();
    context.close();
    rpc.close();
    inventory.close();
  }

  private TestingAgent agent(String token) throws Exception {
    EnrolmentConfig enrolment =
        new EnrolmentConfig(rpc.enrolmentEndpoint(), token, Duration.ofMillis(200), Duration.ofSeconds(1));
    return TestingAgent.startSecure(rpc.backendEndpoint(), List.of(backendKey), c -> c.withEnrolment(enrolment));
  }

  private boolean active(String mercuryId) throws Exception {
    Object device = inventoryClient.invoke(new Request("get_one", List.of(mercuryId), Map.of("projection", Map.of("active", 1))), true);
    return device instanceof Map<?, ?> d && d.get("active") != null;
  }

  @Test
  void aPendingAgentRegistersOnceAnAdminAcceptsItsKey() throws Exception {
    try (TestingAgent agent = agent(null)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> rpc.keys().find(agent.publicKey()).isPresent());
      assertThat(rpc.keys().find(agent.publicKey()).orElseThrow().status()).isEqualTo(KeyStatus.PENDING);
      assertThat(active(agent.mercuryId())).isFalse();

      Object reply = admin.invoke(new Request("set_key_status", List.of(List.of(agent.mercuryId()), "accept"), Map.of()), false);
      assertThat((List<?>) ((Map<?, ?>) reply).get("changed")).hasSize(1);

      await().atMost(Duration.ofSeconds(30)).until(() -> active(agent.mercuryId()));
      assertThat(rpc.keys().find(agent.publicKey()).orElseThrow().updatedBy()).isEqualTo("operator");
    }
  }

  @Test
  void anAgentWithATokenRegistersWithoutAnOperator() throws Exception {
    Object created = admin.invoke(new Request("create_enrolment_token", List.of(), Map.of("uses", 1L)), false);
    String token = (String) ((Map<?, ?>) created).get("token");
    try (TestingAgent agent = agent(token)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> active(agent.mercuryId()));
      assertThat(rpc.keys().find(agent.publicKey()).orElseThrow().status()).isEqualTo(KeyStatus.ACCEPTED);
    }
  }
}
