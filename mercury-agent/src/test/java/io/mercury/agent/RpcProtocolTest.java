package io.mercury.agent;

import static io.mercury.agent.AgentFixture.newTaskId;
import static io.mercury.agent.AgentFixture.rpc;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.agent.testing.ZmqRequests;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RpcProtocolTest {
  private AgentFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new AgentFixture(c -> c.withMaxConcurrentTasks(2));
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  @Test
  void acceptedTaskRepliesStatusZeroHakunaMatata() {
    Map<String, Object> reply = f.send(rpc(newTaskId(), "echo", List.of("hi"), Map.of()));

    assertThat(reply).containsOnlyKeys("message");
    @SuppressWarnings("unchecked")
    Map<String, Object> inner = (Map<String, Object>) reply.get("message");
    assertThat(inner.get("status")).isEqualTo(0L);
    assertThat(map(inner.get("data")))
        .containsEntry("message", "Hakuna matata")
        .containsKey("time_started");
  }

  @Test
  void aTaskForAnotherDeviceIsRefusedWithStatusSixAndNothingRuns() throws Exception {
    String other = "01" + "e".repeat(40);
    String taskId = newTaskId();
    Map<String, Object> forOther = new HashMap<>(rpc(taskId, "echo", List.of("not-for-me"), Map.of()));
    forOther.put("mercury_id", other);
    assertThat(f.status(forOther))
        .containsEntry("status", 6L)
        .containsEntry("data", "this agent is device " + f.agent.mercuryId() + ", not " + other + "; nothing was run");
    Map<String, Object> cancel = new HashMap<>(Map.of("category", "cancel", "task_id", taskId, "mercury_id", other));
    assertThat(f.status(cancel)).containsEntry("status", 6L);
    // its own id, or none (the original's backend sends none), runs as before
    Map<String, Object> own = new HashMap<>(rpc(newTaskId(), "echo", List.of("mine"), Map.of()));
    own.put("mercury_id", f.agent.mercuryId());
    assertThat(f.status(own)).containsEntry("status", 0L);
    // a second send of the refused task id is not a duplicate: it never reached the runner
    Map<String, Object> again = new HashMap<>(rpc(taskId, "echo", List.of("x"), Map.of()));
    assertThat(map(f.status(again).get("data"))).doesNotContainKey("duplicate");
  }

  @Test
  void missingCategoryIsStatusOne() {
    assertThat(f.status(Map.of("method", "echo"))).containsEntry("status", 1L)
        .containsEntry("data", "missing category, nothing to do");
  }

  @Test
  void statusThreeMessages() {
    assertThat(f.status(Map.of("category", "other"))).containsEntry("status", 3L).containsEntry("data", "invalid category");
    assertThat(f.status(Map.of("category", "rpc"))).containsEntry("status", 3L).containsEntry("data", "method not defined");
    assertThat(f.status(rpc(newTaskId(), "nope", List.of(), Map.of())))
        .containsEntry("status", 3L).containsEntry("data", "nope method is not supported");
    Map<String, Object> noTask = new HashMap<>(rpc(newTaskId(), "echo", List.of("x"), Map.of()));
    noTask.remove("task_id");
    assertThat(f.status(noTask)).containsEntry("status", 3L)
        .containsEntry("data", "message is incomplete, missing task_id/job_id");
    Map<String, Object> noJob = new HashMap<>(rpc(newTaskId(), "echo", List.of("x"), Map.of()));
    noJob.remove("job_id");
    assertThat(f.status(noJob)).containsEntry("data", "message is incomplete, missing task_id/job_id");
  }

  @Test
  void statusFourForArguments() {
    assertThat(f.status(rpc(newTaskId(), "echo", List.of(), Map.of())))
        .containsEntry("status", 4L).containsEntry("data", "arguments for echo are not satisfied");
    Map<String, Object> noArgs = new HashMap<>(rpc(newTaskId(), "echo", List.of(), Map.of()));
    noArgs.remove("args"); // crashed the original; here a clear status 4
    assertThat(f.status(noArgs)).containsEntry("status", 4L).containsEntry("data", "arguments for echo are not satisfied");
    Map<String, Object> badKwargs = new HashMap<>(rpc(newTaskId(), "echo", List.of("x"), Map.of()));
    badKwargs.put("kwargs", List.of(1));
    assertThat(f.status(badKwargs)).containsEntry("status", 4L).containsEntry("data", "kwargs for echo must be a map");
    assertThat(f.status(rpc(newTaskId(), "test_sleep", List.of(), Map.of())))
        .containsEntry("status", 4L).containsEntry("data", "missing kwargs in message: seconds");
    Map<String, Object> badTimeout = new HashMap<>(rpc(newTaskId(), "echo", List.of("x"), Map.of()));
    badTimeout.put("timeout", "soon");
    assertThat(f.status(badTimeout)).containsEntry("status", 4L);
  }

  @Test
  void statusFiveWhenSerialLockBusy() {
    String first = newTaskId();
    assertThat(f.status(rpc(first, "test_serial_sleep", List.of(), Map.of("seconds", 60)))).containsEntry("status", 0L);

    assertThat(f.status(rpc(newTaskId(), "test_serial_sleep", List.of(), Map.of("seconds", 60))))
        .containsEntry("status", 5L).containsEntry("data", "Could not acquire lock, task is already running");
    assertThat(f.status(Map.of("category", "cancel", "task_id", first, "job_id", "j"))).containsEntry("status", 0L);
  }

  @Test
  void statusFiveAtConcurrencyLimit() {
    String a = newTaskId();
    String b = newTaskId();
    assertThat(f.status(rpc(a, "test_sleep", List.of(), Map.of("seconds", 60)))).containsEntry("status", 0L);
    assertThat(f.status(rpc(b, "test_sleep", List.of(), Map.of("seconds", 60)))).containsEntry("status", 0L);

    assertThat(f.status(rpc(newTaskId(), "echo", List.of("x"), Map.of())))
        .containsEntry("status", 5L).containsEntry("data", "agent is at its concurrency limit (2 tasks running)");

    f.status(Map.of("category", "cancel", "task_id", a, "job_id", "j"));
    f.status(Map.of("category", "cancel", "task_id", b, "job_id", "j"));
  }

  @Test
  void malformedAndNonMapMessagesGetErrorReplies() {
    Object malformed = ZmqRequests.sendRaw(f.context, f.agent.rpcEndpoint(), new byte[] {(byte) 0xc1, 1, 2});
    assertThat(map(malformed))
        .containsEntry("error", true)
        .hasEntrySatisfying("message", m -> assertThat((String) m).startsWith("Client error, message is malformed"));

    Map<String, Object> list = f.send(new LinkedHashMap<>(Map.of("x", 1)));
    assertThat(list).containsKey("message"); // a map without category is status 1, checked above
    Object notMap = ZmqRequests.sendRaw(f.context, f.agent.rpcEndpoint(), io.mercury.common.codec.MsgPack.encode(List.of(1, 2)));
    assertThat(map(notMap))
        .containsEntry("error", true).containsEntry("message", "Client error, message is not a map");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    assertThat(o).isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }

  @Test
  void keepAliveIsConfirmed() {
    assertThat(f.send(Map.of("_protocol_message", "keep_alive")))
        .isEqualTo(Map.of("_protocol_message", "keep_alive_confirmed"));
  }

  @Test
  void cancelOfUnknownTaskSaysSo() {
    assertThat(f.status(Map.of("category", "cancel", "task_id", "nope", "job_id", "j")))
        .containsEntry("status", 0L)
        .hasEntrySatisfying("data", d -> assertThat(map(d)).containsEntry("cancelled", false));
    assertThat(f.status(Map.of("category", "cancel"))).containsEntry("status", 3L);
  }
}
