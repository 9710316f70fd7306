package io.mercury.rpc.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mercury.agent.testing.TestingAgent;
import io.mercury.common.protocol.Request;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.inventory.testing.TestingInventory;
import io.mercury.rpc.testing.TestingRpc;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/** The backend with real agents, a real inventory and the real frontend, in one process. */
class BackendServiceTest {
  private TestingInventory inventory;
  private TestingRpc rpc;
  private TestingAgent agent;
  private final ZContext context = new ZContext();
  private ServiceClient frontend;
  private ServiceClient backend;
  private ServiceClient inventoryClient;

  @BeforeEach
  void start() throws Exception {
    inventory = TestingInventory.start();
    rpc = TestingRpc.start(inventory.endpoint());
    agent = TestingAgent.start(rpc.backendEndpoint());
    ClientSettings settings = ClientSettings.defaults("test").withTimeout(Duration.ofSeconds(10));
    frontend = new ServiceClient(context, rpc.frontendEndpoint(), settings);
    backend = new ServiceClient(context, rpc.backendEndpoint(), settings);
    inventoryClient = new ServiceClient(context, inventory.endpoint(), settings);
    awaitActive(agent.mercuryId());
  }

  @AfterEach
  void stop() throws Exception {
    frontend.close();
    backend.close();
    inventoryClient.close();
    context.close();
    agent.close();
    rpc.close();
    inventory.close();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  private Map<String, Object> device(String mercuryId) throws Exception {
    return map(inventoryClient.invoke(new Request("get_one", List.of(mercuryId), Map.of("projection", Map.of("active", 1, "origin", 1))), true));
  }

  private void awaitActive(String mercuryId) {
    await().atMost(Duration.ofSeconds(30)).until(() -> device(mercuryId) != null && device(mercuryId).get("active") != null);
  }

  private String submit(String mercuryId, Map<String, Object> instruction) throws Exception {
    Map<String, Object> created = map(frontend.invoke(Request.of("create_job", Map.of("mercury_id", mercuryId), instruction), false));
    return (String) created.get("job_id");
  }

  private Map<String, Object> onlyTask(String jobId) throws Exception {
    return map(((List<?>) map(frontend.invoke(Request.of("get_job_tasks", jobId), true)).get("tasks")).get(0));
  }

  private Map<String, Object> awaitTask(String jobId, String status) {
    await().atMost(Duration.ofSeconds(30)).until(() -> status.equals(onlyTask(jobId).get("status")));
    try {
      return onlyTask(jobId);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private Map<String, Object> awaitTaskEnd(String jobId) {
    await().atMost(Duration.ofSeconds(30)).until(() -> onlyTask(jobId).get("time_completed") != null);
    try {
      return onlyTask(jobId);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private Map<String, Object> job(String jobId) throws Exception {
    return map(frontend.invoke(Request.of("get_job", jobId), true));
  }

  @Test
  void registrationStampsActiveAndOriginOnTheDevice() throws Exception {
    Map<String, Object> device = device(agent.mercuryId());
    assertThat(map(device.get("origin"))).containsEntry("name", "local").containsEntry("address", "127.0.0.1");
    Map<String, Object> active = map(device.get("active"));
    assertThat(active).containsKeys("rpc_address", "rpc_port", "ping_port", "capabilities", "active_since", "instance");
    assertThat(map(active.get("capabilities"))).containsKeys("echo", "run");
    assertThat(map(backend.invoke(Request.of("backend_status"), true))).containsEntry("agents", 1L).containsEntry("name", "local");
  }

  @Test
  void theRegisterReplyAsksForHeartbeatsAndTheAgentSendsThem() throws Exception {
    Map<String, Object> reply =
        map(backend.invoke(Request.of("register", Map.of("mercury_id", "01heartbeat"), agentInfo()), true));
    assertThat(reply).containsEntry("mercury_id", "01heartbeat").containsEntry("heartbeat_interval", 0.333);

    assertThat(map(backend.invoke(Request.of("heartbeat", "01heartbeat"), true))).containsEntry("known", true);
    assertThat(map(backend.invoke(Request.of("heartbeat", "01never-registered"), true))).containsEntry("known", false);
    // the real agent heartbeats on its own (every 333 ms with the test's 500 ms ping interval)
    await().atMost(Duration.ofSeconds(30)).until(() -> agent.service().heartbeats() >= 3);
    assertThatThrownBy(() -> backend.invoke(Request.of("heartbeat"), false))
        .isInstanceOf(RemoteException.class).hasMessageContaining("mercury_id");
  }

  private Map<String, Object> agentInfo() {
    Map<String, Object> info = new HashMap<>();
    info.put("rpc_address", "127.0.0.1");
    info.put("rpc_address6", null);
    info.put("rpc_port", 1L);
    info.put("ping_port", 1L);
    info.put("capabilities", Map.of());
    return info;
  }

  @Test
  void anEchoJobSucceedsWithEveryStepRecorded() throws Exception {
    String jobId = submit(agent.mercuryId(), Map.of("method", "echo", "args", List.of("hi")));
    Map<String, Object> task = awaitTask(jobId, "SUCCESS");
    assertThat(task).containsEntry("message", "hi");
    assertThat(task.get("time_started")).isNotNull();
    assertThat((List<?>) task.get("history")).extracting(h -> map(h).get("status")).containsSubsequence("NEW", "STARTED", "SUCCESS");
    await().atMost(Duration.ofSeconds(5)).until(() -> job(jobId).get("time_completed") != null);
    assertThat(map(job(jobId).get("counts"))).containsEntry("SUCCESS", 1L).containsEntry("NEW", 0L);
  }

  @Test
  void aRefusalByTheAgentIsADispatchError() throws Exception {
    String first = submit(agent.mercuryId(), Map.of("method", "test_serial_sleep", "kwargs", Map.of("seconds", 20L)));
    awaitTask(first, "STARTED");
    String second = submit(agent.mercuryId(), Map.of("method", "test_serial_sleep", "kwargs", Map.of("seconds", 1L)));
    Map<String, Object> refused = awaitTask(second, "ERROR");
    assertThat((String) refused.get("reason")).isEqualTo("Dispatch Error: Could not acquire lock, task is already running (agent status 5)");
  }

  @Test
  void aTaskOverItsTimeoutBecomesTimeout() throws Exception {
    String jobId = submit(agent.mercuryId(), Map.of("method", "test_sleep", "kwargs", Map.of("seconds", 30L), "timeout", 0.5));
    Map<String, Object> task = awaitTask(jobId, "TIMEOUT");
    assertThat(task.get("time_completed")).isNotNull();
  }

  @Test
  void cancellingAJobStopsItsRunningTask() throws Exception {
    String jobId = submit(agent.mercuryId(), Map.of("method", "test_serial_sleep", "kwargs", Map.of("seconds", 30L)));
    awaitTask(jobId, "STARTED");
    assertThat(map(frontend.invoke(Request.of("cancel_job", jobId), false))).containsEntry("cancelled", 1L);
    assertThat(awaitTask(jobId, "CANCELLED")).containsEntry("reason", "cancelled by an operator");
    // the agent stopped it and released the serial lock: the next serial task runs
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      String next = submit(agent.mercuryId(), Map.of("method", "test_serial_sleep", "kwargs", Map.of("seconds", 0L)));
      assertThat(awaitTaskEnd(next)).containsEntry("status", "SUCCESS");
    });
  }

  @Test
  void aResultReportedWhileTheBackendIsDownArrivesWhenItIsBack() throws Exception {
    String jobId = submit(agent.mercuryId(), Map.of("method", "test_sleep", "kwargs", Map.of("seconds", 1L)));
    awaitTask(jobId, "STARTED");
    rpc.stopBackend();
    rpc.startBackend();
    Map<String, Object> task = awaitTask(jobId, "SUCCESS");
    assertThat(task.get("time_completed")).isNotNull();
    assertThat(map(backend.invoke(Request.of("backend_status"), true))).containsEntry("agents", 1L);
  }

  @Test
  void aLostAgentIsInactiveAndItsOpenTasksFail() throws Exception {
    String jobId = submit(agent.mercuryId(), Map.of("method", "test_sleep", "kwargs", Map.of("seconds", 30L)));
    awaitTask(jobId, "STARTED");
    rpc.stopBackend();
    agent.close(); // the agent goes away while the backend is down: its CANCELLED result never arrives
    rpc.startBackend();
    Map<String, Object> task = awaitTask(jobId, "ERROR");
    assertThat((String) task.get("reason")).startsWith("agent went AWOL while handling the task: no pong from ");
    await().atMost(Duration.ofSeconds(10)).until(() -> device(agent.mercuryId()).get("active") == null);
  }

  @Test
  void badAgentMessagesAreRefusedWithTheReason() throws Exception {
    assertThatThrownBy(() -> backend.invoke(Request.of("register", Map.of("mercury_id", "01ab"), Map.of("rpc_address", "127.0.0.1")), false))
        .isInstanceOf(RemoteException.class)
        .hasMessage("Received invalid data from agent: agent_info is missing rpc_address6, rpc_port, ping_port, capabilities");
    assertThatThrownBy(() -> backend.invoke(Request.of("register", Map.of(), Map.of()), false))
        .hasMessage("Received invalid data from agent: device_info has no mercury_id");
    assertThatThrownBy(() -> backend.invoke(Request.of("update", "01ffffffffffffffffffffffffffffffffffffffff", Map.of("mem", Map.of())), false))
        .hasMessage("Received update for inactive device 01ffffffffffffffffffffffffffffffffffffffff; it must register first");
    assertThatThrownBy(() -> backend.invoke(Request.of("update", "01ffffffffffffffffffffffffffffffffffffffff", Map.of("x", 1L, "boot.script", "#!ipxe")), false))
        .hasMessageStartingWith("Permission denied: an agent may not write boot.script, x (agent-owned fields: ");
    assertThatThrownBy(() -> backend.invoke(Request.of("enqueue_tasks", List.of(1L, 2L)), false))
        .hasMessage("task_ids must be a list of strings");
    Map<String, Object> result = new HashMap<>(Map.of("task_id", "nope", "status", "SUCCESS"));
    result.put("message", null);
    assertThat(map(call("complete_task", result))).containsEntry("applied", false).containsEntry("ignored", "no task nope");
  }

  private Object call(String endpoint, Object... args) throws Exception {
    return backend.invoke(Request.of(endpoint, args), false);
  }
}
