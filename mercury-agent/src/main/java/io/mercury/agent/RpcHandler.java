package io.mercury.agent;

import io.mercury.common.security.Caller;
import io.mercury.agent.capability.Capabilities;
import io.mercury.agent.capability.Capability;
import io.mercury.agent.capability.CapabilityDescriptor;
import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.dispatch.Access;
import io.mercury.common.logging.LogKeys;
import io.mercury.common.logging.LogScope;
import io.mercury.common.protocol.KeepAlive;
import io.mercury.common.transport.MessageHandler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's RPC protocol (docs/protocol.md, "Agent" and the RPC contract), not the endpoint dispatcher: requests
 * carry a {@code category}; replies are {@code {"message": {"status": n, "data": ...}}}.
 *
 * <ul>
 *   <li>{@code rpc}: validates and hands the task to the {@link TaskRunner}; status 0 accepted (also for
 *       a duplicate, with {@code duplicate: true}), 3 unknown method or missing ids, 4 bad arguments, 5
 *       serial lock busy or concurrency limit reached.
 *   <li>{@code cancel}: status 0 with {@code cancelled: true|false}.
 *   <li>a request whose {@code mercury_id} is not this agent's device: status 6, nothing run.
 *   <li>no category: status 1; another category: status 3.
 * </ul>
 * Malformed msgpack and non-map messages get {@code {"error": true, "message": "Client error, ..."}};
 * keep-alives are confirmed. Only Mercury daemons (role service) may send anything: any other caller
 * gets {@code Permission denied: rpc needs role service; <name> has <role>}.
 */
public final class RpcHandler implements MessageHandler {
  private static final Logger log = LoggerFactory.getLogger(RpcHandler.class);
  static final String INCOMPLETE = "message is incomplete, missing task_id/job_id";

  /** The status of a request for another device: nothing is run or cancelled. */
  static final int WRONG_DEVICE = 6;
  /** Only the backend (the keys the agent trusts, see {@link AgentSecurity#allowList}) sends tasks. */
  private static final Access BACKEND_ONLY = Access.SERVICE.forDaemons("backend");

  private final Capabilities capabilities;
  private final TaskRunner runner;
  private final java.util.function.Supplier<String> ownId;

  /**
   * @param ownId this agent's device; a request naming another {@code mercury_id} is refused with status
   *     {@value #WRONG_DEVICE} (the backend sent it to an address another server now holds)
   */
  public RpcHandler(Capabilities capabilities, TaskRunner runner, java.util.function.Supplier<String> ownId) {
    this.capabilities = capabilities;
    this.runner = runner;
    this.ownId = ownId;
  }

  @Override
  public byte[] handle(byte[] payload, Caller caller) {
    if (!BACKEND_ONLY.allows(caller)) {
      log.warn("request refused: {}", BACKEND_ONLY.refusal("rpc", caller));
      return error(BACKEND_ONLY.refusal("rpc", caller));
    }
    Object decoded;
    try {
      decoded = MsgPack.decode(payload);
    } catch (MalformedMessageException e) {
      return error("Client error, message is malformed: " + e.getMessage());
    }
    if (!(decoded instanceof Map<?, ?> raw)) {
      return error("Client error, message is not a map");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> message = (Map<String, Object>) raw;
    if (KeepAlive.isRequest(message)) {
      return MsgPack.encode(KeepAlive.CONFIRMATION);
    }
    Object target = message.get("mercury_id");
    String own = ownId.get();
    if (target != null && !target.equals(own)) {
      log.warn("refused a request for device {}: this agent is device {}", target, own);
      return status(WRONG_DEVICE, "this agent is device " + own + ", not " + target + "; nothing was run");
    }
    Object category = message.get("category");
    if (category == null) {
      return status(1, "missing category, nothing to do");
    }
    return switch (String.valueOf(category)) {
      case "rpc" -> rpc(message);
      case "cancel" -> cancel(message);
      default -> status(3, "invalid category");
    };
  }

  private byte[] rpc(Map<String, Object> message) {
    if (!(message.get("method") instanceof String method) || method.isEmpty()) {
      return status(3, "method not defined");
    }
    Capability capability = capabilities.find(method).orElse(null);
    if (capability == null) {
      return status(3, method + " method is not supported");
    }
    String taskId = id(message.get("task_id"));
    String jobId = id(message.get("job_id"));
    if (taskId == null || jobId == null) {
      return status(3, INCOMPLETE);
    }
    try (LogScope scope = LogScope.of(LogKeys.JOB_ID, jobId, LogKeys.TASK_ID, taskId)) {
      CapabilityDescriptor d = capability.descriptor();
      Object args = message.get("args");
      if (args != null && !(args instanceof List<?>)) {
        return status(4, "arguments for " + method + " must be a list");
      }
      List<Object> argList = args == null ? List.of() : castList(args);
      if (d.numArgs() != null && argList.size() != d.numArgs()) {
        return status(4, "arguments for " + method + " are not satisfied");
      }
      Object kwargs = message.get("kwargs");
      if (kwargs != null && !(kwargs instanceof Map<?, ?>)) {
        return status(4, "kwargs for " + method + " must be a map");
      }
      Map<String, Object> kwargMap = kwargs == null ? Map.of() : castMap(kwargs);
      if (d.kwargNames() != null) {
        List<String> missing = d.kwargNames().stream().filter(k -> !kwargMap.containsKey(k)).toList();
        if (!missing.isEmpty()) {
          return status(4, "missing kwargs in message: " + String.join(", ", missing));
        }
      }
      Object timeout = message.get("timeout");
      if (timeout != null && !(timeout instanceof Number n && n.doubleValue() > 0)) {
        return status(4, "timeout must be a positive number of seconds, got " + timeout);
      }
      Duration limit = timeout == null ? null : Duration.ofMillis(Math.round(((Number) timeout).doubleValue() * 1000));
      return admit(runner.submit(new TaskRequest(taskId, jobId, method, argList, kwargMap, limit), capability), taskId);
    }
  }

  private byte[] admit(Admission admission, String taskId) {
    Map<String, Object> data = new LinkedHashMap<>();
    switch (admission) {
      case Admission.Accepted a -> {
        data.put("time_started", a.timeStarted());
        data.put("message", "Hakuna matata");
      }
      case Admission.Duplicate dup -> {
        log.info("task {} is a duplicate; not run again", taskId);
        data.put("time_started", dup.timeStarted());
        data.put("message", "already have task " + taskId);
        data.put("duplicate", true);
      }
      case Admission.Busy busy -> {
        log.info("task {} refused: {}", taskId, busy.message());
        return status(5, busy.message());
      }
    }
    return status(0, data);
  }

  private byte[] cancel(Map<String, Object> message) {
    String taskId = id(message.get("task_id"));
    if (taskId == null) {
      return status(3, INCOMPLETE);
    }
    boolean cancelled = runner.cancel(taskId);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("cancelled", cancelled);
    data.put("message", cancelled ? "task " + taskId + " cancelled" : "task " + taskId + " is not running here");
    return status(0, data);
  }

  /** A usable id: a non-empty string without control characters (it names a file and a log line). */
  private static String id(Object value) {
    if (value instanceof String s && !s.isEmpty() && s.chars().noneMatch(Character::isISOControl)) {
      return s;
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> castList(Object o) {
    return (List<Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }

  private static byte[] status(int status, Object data) {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("status", status);
    inner.put("data", data);
    return MsgPack.encode(Map.of("message", inner));
  }

  private static byte[] error(String message) {
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("error", true);
    reply.put("message", message);
    return MsgPack.encode(reply);
  }
}
