package io.mercury.common.protocol.agent;

import io.mercury.common.protocol.UnexpectedReplyException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one mapper between the agent protocol's records and its wire maps (docs/protocol.md, "Agent"), with
 * the original's field names and key order. Mercury's additions ({@code mercury_id}, {@code timeout}) are
 * written only when set, so a request without them is the original's.
 */
public final class AgentWire {
  /** Status 3's text for a run or cancel without usable ids. */
  public static final String INCOMPLETE = "message is incomplete, missing task_id/job_id";

  private static final String SERVICE = "agent";

  private AgentWire() {}

  /** The wire form of a run or cancel request. */
  public static Map<String, Object> toWire(AgentRequest request) {
    Map<String, Object> wire = new LinkedHashMap<>();
    switch (request) {
      case RunTask r -> {
        wire.put("category", "rpc");
        wire.put("method", r.method());
        wire.put("args", r.args());
        wire.put("kwargs", r.kwargs());
        wire.put("task_id", r.taskId());
        wire.put("job_id", r.jobId());
        putIfSet(wire, "mercury_id", r.mercuryId());
        putIfSet(wire, "timeout", r.timeoutSeconds());
      }
      case CancelTask c -> {
        wire.put("category", "cancel");
        wire.put("task_id", c.taskId());
        wire.put("job_id", c.jobId());
        putIfSet(wire, "mercury_id", c.mercuryId());
      }
    }
    return wire;
  }

  /** The device a request names ({@code mercury_id}) as it came, or null when it names none. */
  public static Object targetDevice(Map<?, ?> wire) {
    return wire.get("mercury_id");
  }

  /**
   * Reads a run or cancel request as a Mercury agent does, refusing it with the first problem found:
   * no category (1); an unknown category, no method, a method not {@code supported}, ids that are
   * missing, empty or hold control characters (3); args not a list, kwargs not a map, a timeout that is
   * not a positive number (4).
   */
  public static AgentRequest request(Map<?, ?> wire, Predicate<String> supported) throws RefusedAgentRequest {
    Object category = wire.get("category");
    if (category == null) {
      throw new RefusedAgentRequest(AgentStatus.NO_CATEGORY, "missing category, nothing to do");
    }
    String mercuryId = wire.get("mercury_id") instanceof String s ? s : null;
    return switch (String.valueOf(category)) {
      case "rpc" -> runTask(wire, supported, mercuryId);
      case "cancel" -> {
        String taskId = id(wire.get("task_id"));
        if (taskId == null) {
          throw new RefusedAgentRequest(AgentStatus.INVALID, INCOMPLETE);
        }
        yield new CancelTask(taskId, wire.get("job_id") instanceof String j ? j : null, mercuryId);
      }
      default -> throw new RefusedAgentRequest(AgentStatus.INVALID, "invalid category");
    };
  }

  private static RunTask runTask(Map<?, ?> wire, Predicate<String> supported, String mercuryId) throws RefusedAgentRequest {
    if (!(wire.get("method") instanceof String method) || method.isEmpty()) {
      throw new RefusedAgentRequest(AgentStatus.INVALID, "method not defined");
    }
    if (!supported.test(method)) {
      throw new RefusedAgentRequest(AgentStatus.INVALID, method + " method is not supported");
    }
    String taskId = id(wire.get("task_id"));
    String jobId = id(wire.get("job_id"));
    if (taskId == null || jobId == null) {
      throw new RefusedAgentRequest(AgentStatus.INVALID, INCOMPLETE);
    }
    Object args = wire.get("args");
    if (args != null && !(args instanceof List<?>)) {
      throw new RefusedAgentRequest(AgentStatus.BAD_ARGUMENTS, "arguments for " + method + " must be a list");
    }
    Object kwargs = wire.get("kwargs");
    if (kwargs != null && !(kwargs instanceof Map<?, ?>)) {
      throw new RefusedAgentRequest(AgentStatus.BAD_ARGUMENTS, "kwargs for " + method + " must be a map");
    }
    Object timeout = wire.get("timeout");
    if (timeout != null && !(timeout instanceof Number n && n.doubleValue() > 0)) {
      throw new RefusedAgentRequest(
          AgentStatus.BAD_ARGUMENTS, "timeout must be a positive number of seconds, got " + timeout);
    }
    return new RunTask(
        method, asList(args), asMap(kwargs), taskId, jobId, mercuryId, timeout == null ? null : ((Number) timeout).doubleValue());
  }

  /** {@code {"message": {"status", "data"}}}, or {@code {"error": true, "message"}}. */
  public static Map<String, Object> toWire(AgentReply reply) {
    Map<String, Object> wire = new LinkedHashMap<>();
    switch (reply) {
      case AgentReply.Answer a -> {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("status", a.status().code());
        inner.put("data", dataWire(a.data()));
        wire.put("message", inner);
      }
      case AgentReply.Failure e -> {
        wire.put("error", true);
        wire.put("message", e.message());
      }
    }
    return wire;
  }

  private static Object dataWire(Object data) {
    return switch (data) {
      case TaskAccepted a -> {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("time_started", a.timeStarted());
        wire.put("message", a.message());
        if (a.duplicate()) {
          wire.put("duplicate", true);
        }
        yield wire;
      }
      case CancelOutcome c -> {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("cancelled", c.cancelled());
        wire.put("message", c.message());
        yield wire;
      }
      case null, default -> data;
    };
  }

  /**
   * Reads an agent's reply to a run or cancel request; its {@code data} stays as it came.
   *
   * @throws UnexpectedReplyException for anything but a status map with a known status, or an error map
   */
  public static AgentReply reply(Object decoded) throws UnexpectedReplyException {
    if (!(decoded instanceof Map<?, ?> map)) {
      throw unexpected("rpc", decoded);
    }
    if (Boolean.TRUE.equals(map.get("error"))) {
      return new AgentReply.Failure(String.valueOf(map.get("message")));
    }
    if (map.get("message") instanceof Map<?, ?> body && body.get("status") instanceof Number n) {
      Optional<AgentStatus> status = AgentStatus.of(n.intValue());
      if (status.isPresent() && n.doubleValue() == n.intValue()) {
        return new AgentReply.Answer(status.get(), body.get("data"));
      }
    }
    throw unexpected("rpc", decoded);
  }

  /** {@code {"message": "ping", "timestamp"}}, with {@code mercury_id} when set. */
  public static Map<String, Object> toWire(Ping ping) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("message", "ping");
    wire.put("timestamp", ping.timestamp());
    putIfSet(wire, "mercury_id", ping.mercuryId());
    return wire;
  }

  /** The ping in a decoded message: any map whose {@code message} is {@code ping}, as the original reads it. */
  public static Optional<Ping> ping(Object decoded) {
    if (!(decoded instanceof Map<?, ?> map) || !"ping".equals(map.get("message"))) {
      return Optional.empty();
    }
    Double timestamp = map.get("timestamp") instanceof Number n ? n.doubleValue() : null;
    return Optional.of(new Ping(timestamp, map.get("mercury_id") instanceof String s ? s : null));
  }

  /** {@code {"timestamp", "load", "message": "pong"}}, with {@code mercury_id} when set. */
  public static Map<String, Object> toWire(Pong pong) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("timestamp", pong.timestamp());
    wire.put("load", pong.load());
    wire.put("message", "pong");
    putIfSet(wire, "mercury_id", pong.mercuryId());
    return wire;
  }

  /**
   * The pong in a decoded reply: a map whose {@code message} is {@code pong}; its load is the numbers of
   * {@code load} (none when it is not a list), its {@code mercury_id} only when it is a text.
   *
   * @throws UnexpectedReplyException for anything else, an error reply included
   */
  public static Pong pong(Object decoded) throws UnexpectedReplyException {
    if (!(decoded instanceof Map<?, ?> map) || !"pong".equals(map.get("message"))) {
      throw unexpected("ping", decoded);
    }
    List<Double> load = new ArrayList<>(3);
    if (map.get("load") instanceof List<?> list) {
      for (Object v : list) {
        if (v instanceof Number number) {
          load.add(number.doubleValue());
        }
      }
    }
    Double timestamp = map.get("timestamp") instanceof Number n ? n.doubleValue() : null;
    return new Pong(timestamp, load, map.get("mercury_id") instanceof String s ? s : null);
  }

  /** A usable id: a non-empty string without control characters (it names a file and a log line). */
  private static String id(Object value) {
    if (value instanceof String s && !s.isEmpty() && s.chars().noneMatch(Character::isISOControl)) {
      return s;
    }
    return null;
  }

  private static void putIfSet(Map<String, Object> wire, String key, Object value) {
    if (value != null) {
      wire.put(key, value);
    }
  }

  @SuppressWarnings("unchecked") // checked to be a List (or null) by the caller; its elements stay plain objects
  private static List<Object> asList(Object value) {
    return (List<Object>) value;
  }

  @SuppressWarnings("unchecked") // checked to be a Map (or null) by the caller; msgpack map keys are read as strings
  private static Map<String, Object> asMap(Object value) {
    return (Map<String, Object>) value;
  }

  private static UnexpectedReplyException unexpected(String endpoint, Object reply) {
    return new UnexpectedReplyException(SERVICE, endpoint, reply);
  }
}
