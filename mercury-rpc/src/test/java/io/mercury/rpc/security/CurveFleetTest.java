package io.mercury.rpc.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mercury.agent.testing.TestingAgent;
import io.mercury.common.protocol.KeepAlive;
import io.mercury.common.protocol.Request;
import io.mercury.common.protocol.backend.BackendWire;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.security.KeyDirectory;
import io.mercury.common.security.KeyFiles;
import io.mercury.common.security.Role;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import io.mercury.inventory.testing.TestingInventory;
import io.mercury.rpc.testing.TestingRpc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * The inventory, rpc frontend, backend and an agent with CURVE on and generated keys, in one process:
 * the agent enrols by having its key accepted in the store, registers with its own key, and the
 * backend reaches it with that key.
 */
class CurveFleetTest {
  @TempDir Path keys;
  private TestingInventory inventory;
  private TestingRpc rpc;
  private TestingAgent agent;
  private final ZContext context = new ZContext();
  private CurveKeyPair operator;
  private String backendKey;

  @BeforeEach
  void start() throws Exception {
    KeyDirectory.ensure(keys, KeyDirectory.SERVICES, "operator", Role.ADMIN);
    operator = KeyFiles.load(keys, "operator");
    backendKey = KeyFiles.loadPublic(KeyFiles.publicFile(keys, "backend")).publicKey();
    inventory = TestingInventory.startSecure(keys);
    rpc = TestingRpc.startSecure(inventory.endpoint(), keys);
    agent = TestingAgent.startSecure(rpc.backendEndpoint(), List.of(backendKey));
    rpc.acceptAgent(agent.publicKey(), agent.mercuryId());
  }

  @AfterEach
  void stop() throws Exception {
    context.close();
    agent.close();
    rpc.close();
    inventory.close();
  }

  private ServiceClient client(String endpoint, CurveKeyPair me, String service, Duration timeout) throws Exception {
    String serverKey = KeyFiles.loadPublic(KeyFiles.publicFile(keys, service)).publicKey();
    return new ServiceClient(
        context,
        endpoint,
        ClientSettings.defaults(service).withTimeout(timeout).withRetries(0).withCurve(new CurveClient(me, serverKey)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  private Map<String, Object> device(ServiceClient inv) throws Exception {
    return map(inv.invoke(new Request("get_one", List.of(agent.mercuryId()), Map.of("projection", Map.of("active", 1))), true));
  }

  @Test
  void anEchoJobRunsThroughFrontendBackendAndAgentWithCurve() throws Exception {
    try (ServiceClient inv = client(inventory.endpoint(), operator, "inventory", Duration.ofSeconds(10));
        ServiceClient frontend = client(rpc.frontendEndpoint(), operator, "rpc", Duration.ofSeconds(10))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> device(inv) != null && device(inv).get("active") != null);
      assertThat(map(device(inv).get("active"))).containsEntry("curve_public_key", agent.publicKey());
      Map<String, Object> created =
          map(frontend.invoke(Request.of("create_job", Map.of("mercury_id", agent.mercuryId()), Map.of("method", "echo", "args", List.of("over curve"))), false));
      String jobId = (String) created.get("job_id");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> "SUCCESS".equals(task(frontend, jobId).get("status")));
      assertThat(task(frontend, jobId)).containsEntry("message", "over curve");
    }
  }

  private static Map<String, Object> task(ServiceClient frontend, String jobId) throws Exception {
    return map(((List<?>) map(frontend.invoke(Request.of("get_job_tasks", jobId), true)).get("tasks")).get(0));
  }

  @Test
  void anAgentAnswersOnlyTheBackendKeysItKnows() throws Exception {
    CurveKeyPair backend = KeyFiles.load(keys, "backend");
    CurveClient asBackend = new CurveClient(backend, agent.publicKey());
    CurveClient asStranger = new CurveClient(CurveKeyPair.generate(), agent.publicKey());
    CurveClient asOperator = new CurveClient(operator, agent.publicKey());
    // the accepted key gets time to connect on a loaded machine; the refused ones are expected to time out
    try (ServiceClient good = agentClient(asBackend, Duration.ofSeconds(15));
        ServiceClient stranger = agentClient(asStranger, Duration.ofMillis(1500));
        ServiceClient op = agentClient(asOperator, Duration.ofMillis(1500))) {
      assertThat(good.exchange(KeepAlive.REQUEST, true)).isEqualTo(KeepAlive.CONFIRMATION);
      assertThatThrownBy(() -> stranger.exchange(KeepAlive.REQUEST, true)).isInstanceOf(TransportException.class);
      assertThatThrownBy(() -> op.exchange(KeepAlive.REQUEST, true))
          .as("an operator accepted by the daemons is still not a backend")
          .isInstanceOf(TransportException.class);
    }
  }

  private ServiceClient agentClient(CurveClient curve, Duration timeout) {
    return new ServiceClient(
        context,
        agent.rpcEndpoint(),
        ClientSettings.defaults("agent").withTimeout(timeout).withRetries(0).withCurve(curve));
  }

  @Test
  void theBackendRefusesARegistrationWhoseKeyIsNotTheCallers() throws Exception {
    CurveKeyPair impostor = CurveKeyPair.generate();
    rpc.acceptAgent(impostor.publicKey(), "impostor");
    Map<String, Object> agentInfo = new HashMap<>(BackendWire.toWire(agent.service().agentInfo()));
    try (ServiceClient backend = client(rpc.backendEndpoint(), impostor, "backend", Duration.ofSeconds(10))) {
      Map<String, Object> deviceInfo = new HashMap<>(agent.service().deviceInfo());
      assertThatThrownBy(
              () -> backend.invoke(Request.of("register", deviceInfo, agentInfo), false))
          .isInstanceOf(RemoteException.class)
          .hasMessageContaining("Permission denied: registration's agent_info.curve_public_key")
          .hasMessageContaining("is not the key this connection authenticated with");
      agentInfo.remove("curve_public_key");
      assertThatThrownBy(
              () -> backend.invoke(Request.of("register", deviceInfo, agentInfo), false))
          .isInstanceOf(RemoteException.class)
          .hasMessageContaining("registration has no agent_info.curve_public_key");
    }
  }

  @Test
  void onlyTheKeyAnAgentRegisteredWithMaySendItsHeartbeats() throws Exception {
    await().atMost(Duration.ofSeconds(30)).until(() -> agent.service().heartbeats() >= 1); // its own key
    CurveKeyPair impostor = CurveKeyPair.generate();
    rpc.acceptAgent(impostor.publicKey(), "impostor");
    try (ServiceClient backend = client(rpc.backendEndpoint(), impostor, "backend", Duration.ofSeconds(10))) {
      assertThatThrownBy(() -> backend.invoke(Request.of("heartbeat", agent.mercuryId()), false))
          .isInstanceOf(RemoteException.class)
          .hasMessageContaining("is bound to device impostor; it cannot heartbeat device " + agent.mercuryId());
    }
    // a second key bound to the same device (accepted behind the backend's back) is still not the one it registered with
    CurveKeyPair twin = CurveKeyPair.generate();
    rpc.acceptAgent(twin.publicKey(), agent.mercuryId());
    try (ServiceClient backend = client(rpc.backendEndpoint(), twin, "backend", Duration.ofSeconds(10))) {
      assertThatThrownBy(() -> backend.invoke(Request.of("heartbeat", agent.mercuryId()), false))
          .isInstanceOf(RemoteException.class)
          .hasMessageContaining("Permission denied: a heartbeat for " + agent.mercuryId())
          .hasMessageContaining("not the key the agent registered with");
    }
  }

  @Test
  void aPlaintextClientAndAnUnknownKeyGetNothingFromTheFrontend() throws Exception {
    try (ServiceClient plain =
            new ServiceClient(context, rpc.frontendEndpoint(), ClientSettings.defaults("rpc").withTimeout(Duration.ofMillis(1500)).withRetries(0));
        ServiceClient unknown = client(rpc.frontendEndpoint(), CurveKeyPair.generate(), "rpc", Duration.ofMillis(1500))) {
      assertThatThrownBy(() -> plain.invoke(Request.of("get_jobs"), true)).isInstanceOf(TransportException.class);
      assertThatThrownBy(() -> unknown.invoke(Request.of("get_jobs"), true)).isInstanceOf(TransportException.class);
    }
  }
}
