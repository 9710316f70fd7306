package io.mercury.common.protocol.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.Request;
import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.protocol.UnexpectedReplyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The backend's records encode to exactly the bytes (and key order) of the maps Mercury built by hand
 * before them: requests as the agent's {@code BackendClient}, {@code TaskRunner} and {@code
 * AgentService.agentInfo}, and the frontend's {@code BackendNotifier} built them; replies as {@code
 * AgentRegistry}, {@code TaskReports.Outcome} and {@code BackendEndpoints} built them. Each map also reads
 * back to its record, and what the original agent sends is read too.
 */
class BackendWireGoldenTest {
  private static final String ID = "0112426690d3bf5dfa0a1ea1ecf8a2acb2ed1eb6ec";
  private static final Map<String, Object> CAPABILITIES = map("echo", map("name", "echo", "serial", false));

  static AgentInfo mercuryAgentInfo() {
    return new AgentInfo("10.0.0.5", null, 9003L, 9004L, 1498412631.4, "i-1", CAPABILITIES, 1L, "k".repeat(40), Map.of());
  }

  /** AgentService.agentInfo, as it was built by hand. */
  static Map<String, Object> mercuryAgentInfoWire() {
    return map(
        "rpc_address", "10.0.0.5", "rpc_address6", null, "rpc_port", 9003, "ping_port", 9004, "localtime", 1498412631.4,
        "instance", "i-1", "capabilities", CAPABILITIES, "channel", 1L, "curve_public_key", "k".repeat(40));
  }

  static Stream<Arguments> requests() {
    Map<String, Object> device = map("mercury_id", ID);
    TaskCompletion completion =
        new TaskCompletion("t1", "j1", TaskStatus.ERROR, null, map("exc_type", "ValueError", "exc_value", "bad"), 1.5, 2.5, "Completed", "boom");
    return Stream.of(
        Arguments.of("register", new BackendRequest.Register(device, mercuryAgentInfo()),
            new Request("register", Arrays.asList(device, mercuryAgentInfoWire()), Map.of())),
        Arguments.of("update", new BackendRequest.Update(ID, map("lldp", map("port_number", 17))),
            new Request("update", Arrays.asList(ID, map("lldp", map("port_number", 17))), Map.of())),
        Arguments.of("heartbeat", new BackendRequest.Heartbeat(ID, false), new Request("heartbeat", Arrays.asList((Object) ID), Map.of())),
        Arguments.of("heartbeat offering the channel", new BackendRequest.Heartbeat(ID, true),
            new Request("heartbeat", List.of(ID), Map.of("channel", true))),
        // TaskRunner: the STARTED report and a capability's progress
        Arguments.of("update_task started", new BackendRequest.UpdateTask(TaskUpdate.started("t1", "j1", 1.5)),
            new Request("update_task", Arrays.asList((Object) map("task_id", "t1", "job_id", "j1", "status", "STARTED", "time_started", 1.5)), Map.of())),
        Arguments.of("update_task progress", new BackendRequest.UpdateTask(TaskUpdate.progress("t1", "j1", "Press: Deploying", 0.5)),
            new Request("update_task", Arrays.asList((Object) map("task_id", "t1", "job_id", "j1", "action", "Press: Deploying", "progress", 0.5)), Map.of())),
        Arguments.of("complete_task", new BackendRequest.CompleteTask(completion),
            new Request("complete_task", Arrays.asList((Object) map("task_id", "t1", "job_id", "j1", "status", "ERROR", "message", null,
                "traceback", map("exc_type", "ValueError", "exc_value", "bad"), "time_started", 1.5, "time_completed", 2.5,
                "action", "Completed", "reason", "boom")), Map.of())),
        // BackendNotifier: Request.of(endpoint, chunk)
        Arguments.of("enqueue_tasks", new BackendRequest.EnqueueTasks(List.of("t1", "t2")), Request.of("enqueue_tasks", List.of("t1", "t2"))),
        Arguments.of("cancel_tasks", new BackendRequest.CancelTasks(List.of("t1")), Request.of("cancel_tasks", List.of("t1"))),
        // mcli Probes: Request.of("backend_status")
        Arguments.of("backend_status", new BackendRequest.BackendStatus(), Request.of("backend_status")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void requestsEncodeAsBefore(String name, BackendRequest request, Request before) {
    Request typed = BackendWire.request(request);
    assertThat(MsgPack.encode(typed.toWire())).isEqualTo(MsgPack.encode(before.toWire()));
    assertThat(typed.endpoint()).isEqualTo(request.endpoint().wireName());
  }

  @Test
  void agentInfoKeepsKeyOrderAndReadsBack() {
    Map<String, Object> wire = BackendWire.toWire(mercuryAgentInfo());
    assertThat(new ArrayList<>(wire.keySet())).containsExactlyElementsOf(mercuryAgentInfoWire().keySet());
    assertThat(BackendWire.registeredAgentInfo(wire)).isEqualTo(mercuryAgentInfo());
  }

  @Test
  void theOriginalAgentsAgentInfoReadsBackToTheSameMap() {
    // docs: the original's registration payload, keys in its order
    Map<String, Object> original =
        map("rpc_address", "10.127.29.196", "rpc_address6", null, "rpc_port", 9003L, "ping_port", 9004L, "localtime", 1498412631.40,
            "capabilities", CAPABILITIES);
    AgentInfo info = BackendWire.registeredAgentInfo(original);
    assertThat(info.host()).isEqualTo("10.127.29.196");
    assertThat(info.instance()).isNull();
    assertThat(MsgPack.encode(BackendWire.toWire(info))).isEqualTo(MsgPack.encode(original));
  }

  @Test
  void aStoredActiveBlockKeepsItsOtherFields() {
    Map<String, Object> active = new LinkedHashMap<>(mercuryAgentInfoWire());
    active.put("active_since", 12.5);
    AgentInfo info = BackendWire.agentInfo(active);
    assertThat(info.extra()).isEqualTo(Map.of("active_since", 12.5));
    assertThat(MsgPack.encode(BackendWire.toWire(info))).isEqualTo(MsgPack.encode(active));
  }

  @Test
  void agentInfoWithoutARequiredKeyIsRefusedAsBefore() {
    Map<String, Object> info = new LinkedHashMap<>(mercuryAgentInfoWire());
    info.remove("rpc_address6");
    info.remove("capabilities");
    assertThatThrownBy(() -> BackendWire.registeredAgentInfo(info))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Received invalid data from agent: agent_info is missing rpc_address6, capabilities");
  }

  @Test
  void theOriginalAgentsReportsAreRead() {
    // docs: the original agent's update_task and complete_task, in its key order, without job_id
    TaskUpdate started = BackendWire.taskUpdate(map("task_id", "t1", "status", "STARTED", "time_started", 1498582914.776));
    assertThat(started).isEqualTo(new TaskUpdate("t1", null, TaskStatus.STARTED, 1498582914.776, null, null));
    TaskCompletion done = BackendWire.taskCompletion(
        map("status", "EXCEPTION", "message", "Hello World!", "traceback", null, "job_id", "j1", "task_id", "t1",
            "time_started", 1498582914.776, "time_completed", 1498582914.779, "action", "Completed"));
    assertThat(done).isEqualTo(
        new TaskCompletion("t1", "j1", TaskStatus.ERROR, "Hello World!", null, 1498582914.776, 1498582914.779, "Completed", null));
  }

  @Test
  void reportsReadBackToTheirRecords() {
    TaskUpdate progress = TaskUpdate.progress("t1", "j1", "Press: Deploying", 0.5);
    assertThat(BackendWire.taskUpdate(BackendWire.toWire(progress))).isEqualTo(progress);
    TaskCompletion completion = new TaskCompletion("t1", "j1", TaskStatus.SUCCESS, map("returncode", 0), null, 1.0, 2.0, "Completed", null);
    Map<String, Object> wire = BackendWire.toWire(completion);
    assertThat(new ArrayList<>(wire.keySet()))
        .containsExactly("task_id", "job_id", "status", "message", "traceback", "time_started", "time_completed", "action");
    assertThat(BackendWire.taskCompletion(wire)).isEqualTo(completion);
  }

  @Test
  void malformedReportsAreRefusedWithTheBackendsMessages() {
    assertThatThrownBy(() -> BackendWire.taskUpdate(map("status", "STARTED"))).hasMessage("task_id is missing from request");
    assertThatThrownBy(() -> BackendWire.taskUpdate(map("task_id", "t1", "progress", "half")))
        .hasMessage("progress must be a number between 0 and 1");
    assertThatThrownBy(() -> BackendWire.taskUpdate(map("task_id", "t1", "status", "SUCCESS")))
        .hasMessage("update_task can only report STARTED; report SUCCESS with complete_task");
    assertThatThrownBy(() -> BackendWire.taskCompletion(map("task_id", "t1", "status", "SUCCESS")))
        .hasMessage("Message is missing required data: [status, message]");
    assertThatThrownBy(() -> BackendWire.taskCompletion(map("task_id", "t1", "status", "STARTED", "message", null)))
        .hasMessage("complete_task needs a final status (SUCCESS, ERROR, TIMEOUT, CANCELLED), not STARTED");
    assertThatThrownBy(() -> BackendWire.taskCompletion(map("task_id", "t1", "status", "DONE", "message", null)))
        .hasMessageStartingWith("unknown status 'DONE'");
  }

  @Test
  void registerReplyAsAgentRegistryBuiltIt() throws Exception {
    RegisterReply reply = new RegisterReply(ID, "backend-1", Duration.ofSeconds(20), false);
    Map<String, Object> before = map("mercury_id", ID, "backend", "backend-1", "heartbeat_interval", 20.0);
    assertExactly(BackendWire.toWire(reply), before);
    assertThat(BackendWire.registerReply(before)).isEqualTo(reply);
    Map<String, Object> withChannel = map("mercury_id", ID, "backend", "backend-1", "heartbeat_interval", 20.0, "channel", true);
    assertExactly(BackendWire.toWire(reply.withChannel()), withChannel);
    assertThat(BackendWire.registerReply(withChannel)).isEqualTo(reply.withChannel());
    assertExactly(BackendWire.toWire(new RegisterReply(ID, "b", null, false)), map("mercury_id", ID, "backend", "b"));
  }

  @Test
  void theOriginalBackendsAcceptedIsABareAcknowledgement() {
    assertThat(BackendWire.registerReply("accepted")).isEqualTo(RegisterReply.ACCEPTED);
    assertThat(BackendWire.reportReply("accepted")).isEqualTo(ReportReply.ACCEPTED);
    assertThat(BackendWire.reportReply(null)).isEqualTo(ReportReply.ACCEPTED);
    assertThat(BackendWire.heartbeatReply("accepted").known()).isTrue();
    // a heartbeat_interval that is not a positive number: no heartbeats
    assertThat(BackendWire.registerReply(map("mercury_id", ID, "heartbeat_interval", 0)).heartbeatInterval()).isNull();
  }

  @Test
  void heartbeatReply() {
    assertExactly(BackendWire.toWire(new HeartbeatReply(true)), map("known", true));
    assertThat(BackendWire.heartbeatReply(map("known", false))).isEqualTo(new HeartbeatReply(false));
    assertThat(BackendWire.heartbeatReply(map("known", true))).isEqualTo(new HeartbeatReply(true));
  }

  @Test
  void reportReplyAsTaskReportsBuiltIt() {
    assertExactly(BackendWire.toWire(new ReportReply("t1", true, null)), map("task_id", "t1", "applied", true));
    Map<String, Object> ignored = map("task_id", "t1", "applied", false, "ignored", "task t1 is already SUCCESS");
    assertExactly(BackendWire.toWire(new ReportReply("t1", false, "task t1 is already SUCCESS")), ignored);
    assertThat(BackendWire.reportReply(ignored)).isEqualTo(new ReportReply("t1", false, "task t1 is already SUCCESS"));
  }

  @Test
  void taskCounts() throws Exception {
    assertExactly(BackendWire.toWire(BackendEndpoint.ENQUEUE_TASKS, new TaskCount(3)), map("taken", 3L));
    assertExactly(BackendWire.toWire(BackendEndpoint.CANCEL_TASKS, new TaskCount(1)), map("stopping", 1L));
    assertThat(BackendWire.taskCount(BackendEndpoint.ENQUEUE_TASKS, map("taken", 3L))).isEqualTo(new TaskCount(3));
    assertThatThrownBy(() -> BackendWire.taskCount(BackendEndpoint.CANCEL_TASKS, map("taken", 3L)))
        .isInstanceOf(UnexpectedReplyException.class)
        .hasMessage("unexpected reply from backend cancel_tasks: LinkedHashMap");
  }

  @Test
  void backendStatusAsBackendEndpointsBuiltIt() throws Exception {
    BackendStatus status = new BackendStatus("backend-1", "dc1", "10.0.0.1", 9002, 12, 3);
    Map<String, Object> before =
        map("name", "backend-1", "datacenter", "dc1", "address", "10.0.0.1", "port", 9002L, "agents", 12L, "open_tasks", 3L);
    assertExactly(BackendWire.toWire(status), before);
    assertThat(BackendWire.backendStatus(before)).isEqualTo(status);
    assertThatThrownBy(() -> BackendWire.backendStatus("backend-1"))
        .isInstanceOf(UnexpectedReplyException.class)
        .hasMessage("unexpected reply from backend backend_status: String");
  }

  @Test
  void endpointNames() {
    assertThat(Arrays.stream(BackendEndpoint.values()).map(BackendEndpoint::wireName))
        .containsExactly("register", "update", "update_task", "complete_task", "heartbeat", "enqueue_tasks", "cancel_tasks", "backend_status");
  }

  private static void assertExactly(Map<String, Object> actual, Map<String, Object> expected) {
    assertThat(new ArrayList<>(actual.entrySet())).containsExactlyElementsOf(expected.entrySet());
    assertThat(MsgPack.encode(actual)).isEqualTo(MsgPack.encode(expected));
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
