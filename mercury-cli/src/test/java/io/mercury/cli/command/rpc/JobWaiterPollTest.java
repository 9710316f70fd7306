package io.mercury.cli.command.rpc;

import static io.mercury.cli.testing.McliRun.mcli;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.cli.client.Endpoints;
import io.mercury.cli.testing.McliRun;
import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.Reply;
import io.mercury.common.transport.RouterServer;
import io.mercury.common.transport.ServerSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/**
 * {@code rpc --wait} polls the job document ({@code get_job}, one read by id) and reads the tasks once,
 * at the end: {@code get_job_status} reads every task of the job on each poll, which the embedded store
 * answers with a scan of the whole tasks collection. Against a stand-in frontend whose job is done at
 * the third poll.
 */
class JobWaiterPollTest {
  private static final String JOB_ID = "00000000-0000-4000-8000-000000000001";
  private static final String MERCURY_ID = "00" + "cd".repeat(20);

  @Test
  void waitingPollsTheJobDocumentAndReadsTheTasksOnce() throws Exception {
    List<String> endpoints = new ArrayList<>();
    try (ZContext zmq = new ZContext();
        RouterServer frontend =
            new RouterServer(zmq, ServerSettings.of("frontend", "tcp://127.0.0.1:0"), (payload, caller) -> {
              String endpoint;
              try {
                endpoint = String.valueOf(((Map<?, ?>) MsgPack.decode(payload)).get("endpoint"));
              } catch (MalformedMessageException e) {
                return MsgPack.encode(Reply.failure(e.getMessage()).toWire());
              }
              int polls;
              synchronized (endpoints) {
                endpoints.add(endpoint);
                polls = (int) endpoints.stream().filter(e -> e.startsWith("get_job") && !e.equals("get_job_tasks")).count();
              }
              Reply reply = switch (endpoint) {
                case "create_job" -> Reply.ok(map("job_id", JOB_ID, "targets", 1L));
                case "get_job", "get_job_status" -> Reply.ok(job(polls >= 3));
                case "get_job_tasks" -> Reply.ok(map("tasks", List.of(task())));
                default -> Reply.failure("no endpoint " + endpoint);
              };
              return MsgPack.encode(reply.toWire());
            })) {
      String endpoint = frontend.start();

      McliRun run = mcli("", Map.of(Endpoints.RPC_ENV, endpoint, "USER", "ops"), "rpc", "--all", "echo", "hello");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains("hello");
      synchronized (endpoints) {
        assertThat(endpoints).containsExactly("create_job", "get_job", "get_job", "get_job", "get_job_tasks");
      }
    }
  }

  private static Map<String, Object> job(boolean done) {
    Map<String, Object> counts = new LinkedHashMap<>();
    for (String state : List.of("NEW", "DISPATCHED", "STARTED", "SUCCESS", "ERROR", "TIMEOUT", "CANCELLED")) {
      counts.put(state, state.equals(done ? "SUCCESS" : "STARTED") ? 1L : 0L);
    }
    return map(
        "job_id", JOB_ID,
        "instruction", map("method", "echo", "args", List.of("hello"), "kwargs", Map.of()),
        "task_count", 1L,
        "remaining", done ? 0L : 1L,
        "time_created", 1_796_117_400.0,
        "time_completed", done ? 1_796_117_400.1 : null,
        "counts", counts);
  }

  private static Map<String, Object> task() {
    return map(
        "task_id", JOB_ID,
        "job_id", JOB_ID,
        "mercury_id", MERCURY_ID,
        "method", "echo",
        "status", "SUCCESS",
        "message", "hello",
        "traceback", null,
        "reason", null,
        "time_started", 1_796_117_400.0,
        "time_completed", 1_796_117_400.1);
  }

  private static Map<String, Object> map(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
