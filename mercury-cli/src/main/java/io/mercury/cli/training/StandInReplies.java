package io.mercury.cli.training;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.Reply;
import io.mercury.common.security.Caller;
import io.mercury.common.transport.MessageHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stand-in inventory, rpc frontend and backend of {@link McliTraining}: fixed answers, shaped as
 * the real services' (rpc contract), to the endpoints the training calls ({@code count}, {@code query},
 * {@code create_job}, {@code get_job}, {@code get_job_status}, {@code get_job_tasks}, {@code get_jobs},
 * {@code list_keys}) and an error reply to anything else. One device, one job, done at once.
 */
final class StandInReplies implements MessageHandler {
  static final String JOB_ID = "00000000-0000-4000-8000-000000000000";
  static final String MERCURY_ID = "00" + "ab".repeat(20);
  private static final double TIME = 1_796_117_400.0;

  @Override
  public byte[] handle(byte[] payload, Caller caller) {
    Reply reply;
    try {
      reply = answer(MsgPack.decode(payload));
    } catch (MalformedMessageException e) {
      reply = Reply.failure("malformed request: " + e.getMessage());
    }
    return MsgPack.encode(reply.toWire());
  }

  private static Reply answer(Object request) {
    String endpoint = request instanceof Map<?, ?> m ? String.valueOf(m.get("endpoint")) : "";
    return switch (endpoint) {
      case "count" -> Reply.ok(1L);
      case "query" -> Reply.ok(map("total", 1L, "items", List.of(device())));
      case "create_job" -> Reply.ok(map("job_id", JOB_ID, "targets", 1L));
      case "get_job", "get_job_status" -> Reply.ok(job());
      case "get_job_tasks" -> Reply.ok(map("tasks", List.of(task())));
      case "get_jobs" -> Reply.ok(map("jobs", List.of(job())));
      case "list_keys" -> Reply.ok(map("keys", List.of(key())));
      default -> Reply.failure("the training stand-in has no endpoint " + endpoint);
    };
  }

  private static Map<String, Object> device() {
    return map(
        "_id", MERCURY_ID,
        "mercury_id", MERCURY_ID,
        "active", map("state", "active"),
        "dmi", map("sys_vendor", "Vendor", "product_name", "Model", "product_serial", "SERIAL"));
  }

  private static Map<String, Object> job() {
    Map<String, Object> counts = new LinkedHashMap<>();
    for (String state : List.of("NEW", "DISPATCHED", "STARTED", "SUCCESS", "ERROR", "TIMEOUT", "CANCELLED")) {
      counts.put(state, state.equals("SUCCESS") ? 1L : 0L);
    }
    return map(
        "job_id", JOB_ID,
        "instruction", map("method", "echo", "args", List.of("hello"), "kwargs", Map.of()),
        "requested_by", "training@localhost",
        "task_count", 1L,
        "time_created", TIME,
        "time_started", TIME,
        "time_completed", TIME + 0.1,
        "counts", counts,
        "has_failures", false,
        "tasks", List.of(map("task_id", JOB_ID, "status", "SUCCESS")));
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
        "time_started", TIME,
        "time_completed", TIME + 0.1);
  }

  private static Map<String, Object> key() {
    return map(
        "fingerprint", "0123456789abcdef",
        "name", MERCURY_ID,
        "kind", "agent",
        "role", "agent",
        "status", "accepted",
        "updated_at", TIME);
  }

  private static Map<String, Object> map(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
