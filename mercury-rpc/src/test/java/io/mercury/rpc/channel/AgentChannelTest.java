package io.mercury.rpc.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mercury.agent.testing.TestingAgent;
import io.mercury.common.protocol.Request;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.security.KeyDirectory;
import io.mercury.common.security.KeyFiles;
import io.mercury.common.security.Role;
import io.mercury.common.testing.PartitionProxy;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.inventory.testing.TestingInventory;
import io.mercury.rpc.liveness.PingSettings;
import io.mercury.rpc.testing.TestingRpc;
import io.mercury.testkit.ReplyPolicy;
import io.mercury.testkit.agent.FakeAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * The agent channel (docs/protocol.md, "Agent channel") end to end, with real sockets and real CURVE
 * keys: a Mercury agent's tasks, cancels and pings travel on its own connection to the backend (its RPC
 * socket and the direct link see none of them); the original's agents are still reached directly; a key
 * that is not the device's cannot take its channel; a backend restart, and the agent's connection
 * dropped, in the middle of a task lose nothing and run nothing twice; an agent whose connection closed
 * and that does not come back is lost without waiting for its ping interval.
 */
class AgentChannelTest {
  private static final String ORIGINAL_ID = "0110a1628669e487f48b3f8de13bebeafe2933c875";

  @TempDir Path keys;
  @TempDir Path work;
  private final ZContext context = new ZContext();
  private TestingInventory inventory;
  private TestingRpc rpc;
  private TestingAgent agent;
  private ServiceClient frontend;
  private CurveKeyPair operator;

  @AfterEach
  void stop() throws Exception {
    context.close();
    if (agent != null) {
      agent.close();
    }
    rpc.close();
    inventory.close();
  }

  /** An inventory, frontend, backend and one Mercury agent with CURVE on. */
  private void startSecure(PingSettings pings) throws Exception {
    startSecure(pings, null);
  }

  /** As {@link #startSecure(PingSettings)}, the agent reaching the backend through {@code proxy} if not null. */
  private void startSecure(PingSettings pings, PartitionProxy proxy) throws Exception {
    KeyDirectory.ensure(keys, KeyDirectory.SERVICES, "operator", Role.ADMIN);
    operator = KeyFiles.load(keys, "operator");
    String backendKey = KeyFiles.loadPublic(KeyFiles.publicFile(keys, "backend")).publicKey();
    inventory = TestingInventory.startSecure(keys);
    rpc = TestingRpc.startSecure(inventory.endpoint(), keys, pings);
    String backend = rpc.backendEndpoint();
    if (proxy != null) {
      int port = Integer.parseInt(backend.substring(backend.lastIndexOf(':') + 1));
      backend = "tcp://127.0.0.1:" + proxy.forward(port);
    }
    agent = TestingAgent.startSecure(backend, List.of(backendKey));
    rpc.acceptAgent(agent.publicKey(), agent.mercuryId());
    frontend = client(rpc.frontendEndpoint(), operator, "rpc");
    // The agent's first connection is refused until its key is accepted, so its first registration can
    // be stored while its client replaces that connection: the binding to the dying one is then dropped
    // and the registration it sends again binds the new one. Wait for the agent to hear it registered.
    await().atMost(Duration.ofSeconds(60))
        .until(() -> agent.service().registrations() >= 1 && rpc.backend().channelBound(agent.mercuryId()));
  }

  private ServiceClient client(String endpoint, CurveKeyPair me, String service) throws Exception {
    String serverKey = KeyFiles.loadPublic(KeyFiles.publicFile(keys, service)).publicKey();
    return new ServiceClient(
        context, endpoint, ClientSettings.defaults(service).withTimeout(Duration.ofSeconds(10)).withCurve(new CurveClient(me, serverKey)));
  }

  @Test
  void aMercuryAgentsTasksCancelsAndPingsTravelOnItsOwnConnection() throws Exception {
    startSecure(TestingRpc.FAST_PINGS.withHeartbeat(Duration.ZERO)); // no heartbeats: it is pinged
    long direct = rpc.link().stats().requests();
    long channelReplies = rpc.backend().channelStats().replies();

    String echo = submit(agent.mercuryId(), Map.of("method", "echo", "args", List.of("over the channel")));
    assertThat(awaitTask(echo, "SUCCESS")).containsEntry("message", "over the channel");
    String sleeper = submit(agent.mercuryId(), Map.of("method", "test_sleep", "kwargs", Map.of("seconds", 30L)));
    awaitTask(sleeper, "STARTED");
    assertThat(map(frontend.invoke(Request.of("cancel_job", sleeper), false))).containsEntry("cancelled", 1L);
    awaitTask(sleeper, "CANCELLED");
    // pings every half second, answered on the same connection
    await().atMost(Duration.ofSeconds(20)).until(() -> rpc.backend().channelStats().replies() >= channelReplies + 6);

    assertThat(rpc.link().stats().requests()).as("requests over the direct link").isEqualTo(direct);
    assertThat(agent.service().rpcStats().received()).as("requests on the agent's RPC socket").isZero();
    assertThat(rpc.backend().channelStats().timeouts()).isZero();
  }

  @Test
  void anOriginalAgentInTheSameJobIsStillReachedDirectly() throws Exception {
    inventory = TestingInventory.start();
    rpc = TestingRpc.start(inventory.endpoint());
    agent = TestingAgent.start(rpc.backendEndpoint());
    frontend = new ServiceClient(context, rpc.frontendEndpoint(), ClientSettings.defaults("rpc").withTimeout(Duration.ofSeconds(10)));
    try (FakeAgent original = FakeAgent.builder(Map.of("mercury_id", ORIGINAL_ID), ReplyPolicy.ORIGINAL).backend(rpc.backendEndpoint()).start()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> rpc.backend().channelBound(agent.mercuryId()));
      assertThat(map(map(original.registration()).get("message"))).doesNotContainKey("channel");

      Map<String, Object> created =
          map(frontend.invoke(
              Request.of(
                  "create_job",
                  Map.of("mercury_id", Map.of("$in", List.of(agent.mercuryId(), ORIGINAL_ID))),
                  Map.of("method", "echo", "args", List.of("both"))),
              false));
      assertThat(created).containsEntry("targets", 2L);
      String jobId = (String) created.get("job_id");
      await().atMost(Duration.ofSeconds(60)).until(() -> tasks(jobId).stream().allMatch(t -> "SUCCESS".equals(t.get("status"))));

      assertThat(original.received()).singleElement().satisfies(m -> assertThat(map(m)).containsEntry("job_id", jobId));
      assertThat(agent.service().rpcStats().received()).as("requests on the Mercury agent's RPC socket").isZero();
      assertThat(rpc.backend().channelStats().replies()).isPositive();
      assertThat(rpc.backend().channelBound(ORIGINAL_ID)).isFalse();
    }
  }

  @Test
  void aKeyThatIsNotTheDevicesCannotTakeItsChannel() throws Exception {
    startSecure(TestingRpc.FAST_PINGS);
    // a second key accepted for the same device behind the backend's back: still not the key it registered with
    CurveKeyPair twin = CurveKeyPair.generate();
    rpc.acceptAgent(twin.publicKey(), agent.mercuryId());
    try (ServiceClient impostor = client(rpc.backendEndpoint(), twin, "backend")) {
      assertThatThrownBy(() -> impostor.invoke(new Request("heartbeat", List.of(agent.mercuryId()), Map.of("channel", true)), false))
          .isInstanceOf(RemoteException.class)
          .hasMessageContaining("not the key the agent registered with");
    }
    String echo = submit(agent.mercuryId(), Map.of("method", "echo", "args", List.of("still mine")));
    assertThat(awaitTask(echo, "SUCCESS")).containsEntry("message", "still mine");
    assertThat(agent.service().rpcStats().received()).as("requests on the agent's RPC socket").isZero();
  }

  @Test
  void aBackendRestartInTheMiddleOfATaskLosesNothingAndRunsNothingTwice() throws Exception {
    startSecure(TestingRpc.FAST_PINGS);
    Path runs = work.resolve("runs");
    String jobId =
        submit(agent.mercuryId(), Map.of("method", "run", "args", List.of(List.of("sh", "-c", "echo run >> " + runs + "; sleep 2"))));
    awaitTask(jobId, "STARTED");
    int registrations = agent.service().registrations();
    rpc.stopBackend();
    rpc.startBackend();
    // the agent's connection is proven again and its heartbeat binds it at once
    await().atMost(Duration.ofSeconds(30)).until(() -> rpc.backend().channelBound(agent.mercuryId()));
    // the restarted backend knew the agent (from the inventory) before it heard the heartbeat: no new registration
    assertThat(agent.service().registrations()).isEqualTo(registrations);
    assertThat(awaitTask(jobId, "SUCCESS")).isNotNull();
    assertThat(Files.readAllLines(runs)).containsExactly("run");

    long direct = rpc.link().stats().requests();
    String echo = submit(agent.mercuryId(), Map.of("method", "echo", "args", List.of("after the restart")));
    assertThat(awaitTask(echo, "SUCCESS")).containsEntry("message", "after the restart");
    assertThat(rpc.link().stats().requests()).as("requests over the direct link").isEqualTo(direct);
  }

  @Test
  void anAgentWhoseConnectionDropsMidTaskReportsOverItsNextOneAndRunsNothingTwice() throws Exception {
    try (PartitionProxy network = new PartitionProxy()) {
      startSecure(TestingRpc.FAST_PINGS, network);
      Path runs = work.resolve("runs");
      String jobId =
          submit(agent.mercuryId(), Map.of("method", "run", "args", List.of(List.of("sh", "-c", "echo run >> " + runs + "; sleep 2"))));
      awaitTask(jobId, "STARTED");
      int registrations = agent.service().registrations();
      int connections = network.accepted();

      network.reset(); // the agent's connection to the backend is gone, both ends, while the task runs

      assertThat(awaitTask(jobId, "SUCCESS")).isNotNull();
      assertThat(Files.readAllLines(runs)).containsExactly("run");
      assertThat(network.accepted()).as("connections through the network").isGreaterThan(connections);
      // the new connection is the agent's channel: bound by its heartbeat, no new registration
      await().atMost(Duration.ofSeconds(30)).until(() -> rpc.backend().channelBound(agent.mercuryId()));
      assertThat(agent.service().registrations()).isEqualTo(registrations);
      long direct = rpc.link().stats().requests();
      String echo = submit(agent.mercuryId(), Map.of("method", "echo", "args", List.of("after the reconnect")));
      assertThat(awaitTask(echo, "SUCCESS")).containsEntry("message", "after the reconnect");
      assertThat(rpc.link().stats().requests()).as("requests over the direct link").isEqualTo(direct);
      assertThat(Files.readAllLines(runs)).containsExactly("run");
    }
  }

  @Test
  void aRevokedAgentIsCutOffItsTaskEndsAndItStaysOut() throws Exception {
    startSecure(TestingRpc.FAST_PINGS);
    String jobId = submit(agent.mercuryId(), Map.of("method", "test_sleep", "kwargs", Map.of("seconds", 30L)));
    awaitTask(jobId, "STARTED");
    int registrations = agent.service().registrations();

    Map<String, Object> revoked =
        map(client(rpc.backendEndpoint(), operator, "backend").invoke(Request.of("set_key_status", List.of(agent.mercuryId()), "revoke"), false));
    assertThat((List<?>) revoked.get("changed")).hasSize(1);

    assertThat((String) awaitTask(jobId, "ERROR").get("reason"))
        .startsWith("the agent's key ")
        .endsWith(" was revoked by operator; the task may or may not have run");
    ServiceClient inventoryClient = client(inventory.endpoint(), operator, "inventory");
    await().atMost(Duration.ofSeconds(10)).until(() -> active(inventoryClient) == null);
    // its heartbeats and registrations are refused: it stays out, however often it tries
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
        .until(() -> active(inventoryClient) == null && !rpc.backend().channelBound(agent.mercuryId()));
    assertThat(agent.service().registrations()).isEqualTo(registrations);
  }

  @Test
  void aKilledAgentIsLostSoonAfterItsConnectionClosesNotWhenItsPingIntervalHasPassed() throws Exception {
    // pinged once, then every 10 minutes: only its closed connection can make it lost within a minute
    startSecure(
        new PingSettings(Duration.ofMinutes(10), Duration.ofMillis(200), Duration.ofMillis(500), 2, 0.42, 5000, Duration.ofMinutes(5))
            .withAfterDisconnect(Duration.ofMillis(500)));
    ServiceClient inventoryClient = client(inventory.endpoint(), operator, "inventory");
    String mercuryId = agent.mercuryId();
    await().atMost(Duration.ofSeconds(30)).until(() -> active(inventoryClient, mercuryId) != null);

    agent.close(); // its process is gone: its connection to the backend closes
    agent = null;

    await().atMost(Duration.ofSeconds(30)).until(() -> active(inventoryClient, mercuryId) == null);
    assertThat(rpc.backend().channelBound(mercuryId)).isFalse();
  }

  private Object active(ServiceClient inventoryClient) throws Exception {
    return active(inventoryClient, agent.mercuryId());
  }

  private static Object active(ServiceClient inventoryClient, String mercuryId) throws Exception {
    Map<String, Object> device =
        map(inventoryClient.invoke(new Request("get_one", List.of(mercuryId), Map.of("projection", Map.of("active", 1))), true));
    return device == null ? null : device.get("active");
  }

  private String submit(String mercuryId, Map<String, Object> instruction) throws Exception {
    return (String) map(frontend.invoke(Request.of("create_job", Map.of("mercury_id", mercuryId), instruction), false)).get("job_id");
  }

  private List<Map<String, Object>> tasks(String jobId) throws Exception {
    return ((List<?>) map(frontend.invoke(Request.of("get_job_tasks", jobId), true)).get("tasks")).stream().map(AgentChannelTest::map).toList();
  }

  private Map<String, Object> awaitTask(String jobId, String status) {
    await().atMost(Duration.ofSeconds(60)).until(() -> status.equals(tasks(jobId).get(0).get("status")));
    try {
      return tasks(jobId).get(0);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }
}
