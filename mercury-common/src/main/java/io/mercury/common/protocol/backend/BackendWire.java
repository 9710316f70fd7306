package io.mercury.common.protocol.backend;

import io.mercury.common.protocol.Request;
import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.protocol.UnexpectedReplyException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one mapper between the RPC backend's records and its wire maps, with the original's field names.
 * Requests take the form Mercury's agent and frontend have always sent (so the bytes do not change):
 * every argument positional, but {@code heartbeat}'s {@code channel} by keyword. Requests are read
 * leniently where the original agent was loose (a report without {@code job_id}, {@code EXCEPTION} for
 * ERROR, a time that is not a number is left out); what the backend has always refused is refused with
 * the same message, as an {@link IllegalArgumentException}. Replies from the original backend ({@code
 * "accepted"}) read as bare acknowledgements.
 */
public final class BackendWire {
  private static final String SERVICE = "backend";
  private static final Set<String> AGENT_INFO_FIELDS =
      Set.of("rpc_address", "rpc_address6", "rpc_port", "ping_port", "localtime", "instance", "capabilities", "channel",
          "curve_public_key");

  private BackendWire() {}

  /** The request that carries {@code request}. */
  public static Request request(BackendRequest request) {
    String endpoint = request.endpoint().wireName();
    return switch (request) {
      case BackendRequest.Register r -> new Request(endpoint, List.of(r.deviceInfo(), toWire(r.agentInfo())), Map.of());
      case BackendRequest.Update r -> new Request(endpoint, List.of(r.mercuryId(), r.updateData()), Map.of());
      case BackendRequest.UpdateTask r -> new Request(endpoint, List.of(toWire(r.update())), Map.of());
      case BackendRequest.CompleteTask r -> new Request(endpoint, List.of(toWire(r.completion())), Map.of());
      case BackendRequest.Heartbeat r ->
          new Request(endpoint, List.of(r.mercuryId()), r.channel() ? Map.of("channel", true) : Map.of());
      case BackendRequest.EnqueueTasks r -> new Request(endpoint, List.of(r.taskIds()), Map.of());
      case BackendRequest.CancelTasks r -> new Request(endpoint, List.of(r.taskIds()), Map.of());
      case BackendRequest.BackendStatus r -> new Request(endpoint, List.of(), Map.of());
    };
  }

  // ---- agent_info

  /**
   * {@code agent_info} in the Mercury agent's key order: the original's six keys (with {@code
   * rpc_address6} even when null), then {@code instance}, {@code channel} and {@code curve_public_key}
   * when set, then any other fields.
   */
  public static Map<String, Object> toWire(AgentInfo info) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("rpc_address", info.rpcAddress());
    wire.put("rpc_address6", info.rpcAddress6());
    wire.put("rpc_port", info.rpcPort());
    wire.put("ping_port", info.pingPort());
    putIfSet(wire, "localtime", info.localtime());
    putIfSet(wire, "instance", info.instance());
    wire.put("capabilities", info.capabilities());
    putIfSet(wire, "channel", info.channel());
    putIfSet(wire, "curve_public_key", info.curvePublicKey());
    wire.putAll(info.extra());
    return wire;
  }

  /** Reads an {@code agent_info} (or a stored {@code active} block) leniently: a field of the wrong type reads as null. */
  public static AgentInfo agentInfo(Map<?, ?> wire) {
    Map<String, Object> extra = new LinkedHashMap<>();
    wire.forEach(
        (k, v) -> {
          if (k instanceof String key && !AGENT_INFO_FIELDS.contains(key)) {
            extra.put(key, v);
          }
        });
    return new AgentInfo(
        string(wire.get("rpc_address")),
        string(wire.get("rpc_address6")),
        wholeNumber(wire.get("rpc_port")),
        wholeNumber(wire.get("ping_port")),
        number(wire.get("localtime")),
        string(wire.get("instance")),
        stringMap(wire.get("capabilities")),
        wholeNumber(wire.get("channel")),
        string(wire.get("curve_public_key")),
        extra);
  }

  /**
   * Reads a registration's {@code agent_info}, refusing one without the original's required keys (as the
   * original did: {@code Received invalid data from agent: agent_info is missing ...}).
   */
  public static AgentInfo registeredAgentInfo(Map<?, ?> wire) {
    List<String> missing = AgentInfo.REQUIRED_KEYS.stream().filter(k -> !wire.containsKey(k)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("Received invalid data from agent: agent_info is missing " + String.join(", ", missing));
    }
    return agentInfo(wire);
  }

  // ---- task reports

  /** {@code update_data}: {@code task_id}, {@code job_id}, then whichever of the others are set. */
  public static Map<String, Object> toWire(TaskUpdate update) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("task_id", update.taskId());
    wire.put("job_id", update.jobId());
    putIfSet(wire, "status", update.status() == null ? null : update.status().name());
    putIfSet(wire, "time_started", update.timeStarted());
    putIfSet(wire, "action", update.action());
    putIfSet(wire, "progress", update.progress());
    return wire;
  }

  /** Reads an {@code update_task}'s {@code update_data}, refusing what the backend has always refused. */
  public static TaskUpdate taskUpdate(Map<?, ?> wire) {
    String taskId = taskId(wire);
    Object progress = wire.get("progress");
    if (progress != null && !(progress instanceof Number)) {
      throw new IllegalArgumentException("progress must be a number between 0 and 1");
    }
    TaskStatus status = wire.get("status") == null ? null : TaskStatus.parse(wire.get("status"));
    return new TaskUpdate(
        taskId, string(wire.get("job_id")), status, number(wire.get("time_started")), string(wire.get("action")),
        number(progress));
  }

  /** {@code return_data}, in the Mercury agent's key order; {@code reason} only when set. */
  public static Map<String, Object> toWire(TaskCompletion c) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("task_id", c.taskId());
    wire.put("job_id", c.jobId());
    wire.put("status", c.status().name());
    wire.put("message", c.message());
    wire.put("traceback", c.traceback());
    wire.put("time_started", c.timeStarted());
    wire.put("time_completed", c.timeCompleted());
    wire.put("action", c.action());
    putIfSet(wire, "reason", c.reason());
    return wire;
  }

  /**
   * Reads a {@code complete_task}'s {@code return_data}: {@code task_id}, {@code status} and {@code
   * message} are required (message may be null), the rest is read leniently.
   */
  public static TaskCompletion taskCompletion(Map<?, ?> wire) {
    String taskId = taskId(wire);
    if (!wire.containsKey("status") || !wire.containsKey("message")) {
      throw new IllegalArgumentException("Message is missing required data: [status, message]");
    }
    return new TaskCompletion(
        taskId,
        string(wire.get("job_id")),
        TaskStatus.parse(wire.get("status")),
        wire.get("message"),
        wire.get("traceback"),
        number(wire.get("time_started")),
        number(wire.get("time_completed")),
        string(wire.get("action")),
        string(wire.get("reason")));
  }

  // ---- replies

  /** {@code {"mercury_id", "backend"}}, {@code heartbeat_interval} in seconds when set, {@code channel: true} when bound. */
  public static Map<String, Object> toWire(RegisterReply reply) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("mercury_id", reply.mercuryId());
    wire.put("backend", reply.backend());
    if (reply.heartbeatInterval() != null) {
      wire.put("heartbeat_interval", reply.heartbeatInterval().toMillis() / 1000.0);
    }
    if (reply.channel()) {
      wire.put("channel", true);
    }
    return wire;
  }

  /**
   * Reads a {@code register} reply leniently: anything without a {@code mercury_id} (the original's
   * {@code "accepted"}) is {@link RegisterReply#ACCEPTED}; a {@code heartbeat_interval} that is not a
   * positive number means no heartbeats.
   */
  public static RegisterReply registerReply(Object message) {
    if (!(message instanceof Map<?, ?> map) || !(map.get("mercury_id") instanceof String id)) {
      return RegisterReply.ACCEPTED;
    }
    Duration heartbeat =
        map.get("heartbeat_interval") instanceof Number seconds && seconds.doubleValue() > 0
            ? Duration.ofMillis(Math.max(1, Math.round(seconds.doubleValue() * 1000)))
            : null;
    return new RegisterReply(id, string(map.get("backend")), heartbeat, Boolean.TRUE.equals(map.get("channel")));
  }

  /** {@code {"known": bool}}. */
  public static Map<String, Object> toWire(HeartbeatReply reply) {
    return Map.of("known", reply.known());
  }

  /** Reads a {@code heartbeat} reply: only {@code known: false} says the agent is not known. */
  public static HeartbeatReply heartbeatReply(Object message) {
    return new HeartbeatReply(!(message instanceof Map<?, ?> map && Boolean.FALSE.equals(map.get("known"))));
  }

  /** {@code {"task_id", "applied"}}, with {@code ignored} when set. */
  public static Map<String, Object> toWire(ReportReply reply) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("task_id", reply.taskId());
    wire.put("applied", reply.applied());
    putIfSet(wire, "ignored", reply.ignored());
    return wire;
  }

  /** Reads an {@code update_task} or {@code complete_task} reply; the original's {@code "accepted"} is {@link ReportReply#ACCEPTED}. */
  public static ReportReply reportReply(Object message) {
    if (message instanceof Map<?, ?> map && map.get("applied") instanceof Boolean applied) {
      return new ReportReply(string(map.get("task_id")), applied, string(map.get("ignored")));
    }
    return ReportReply.ACCEPTED;
  }

  /** {@code {"taken": n}} for {@code enqueue_tasks}, {@code {"stopping": n}} for {@code cancel_tasks}. */
  public static Map<String, Object> toWire(BackendEndpoint endpoint, TaskCount count) {
    return Map.of(countKey(endpoint), count.count());
  }

  /** Reads an {@code enqueue_tasks} or {@code cancel_tasks} reply. */
  public static TaskCount taskCount(BackendEndpoint endpoint, Object message) throws UnexpectedReplyException {
    if (message instanceof Map<?, ?> map && map.get(countKey(endpoint)) instanceof Number n) {
      return new TaskCount(n.longValue());
    }
    throw unexpected(endpoint, message);
  }

  /** {@code {name, datacenter, address, port, agents, open_tasks}}. */
  public static Map<String, Object> toWire(BackendStatus status) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("name", status.name());
    wire.put("datacenter", status.datacenter());
    wire.put("address", status.address());
    wire.put("port", status.port());
    wire.put("agents", status.agents());
    wire.put("open_tasks", status.openTasks());
    return wire;
  }

  /** Reads a {@code backend_status} reply; {@code datacenter} and {@code address} may be null. */
  public static BackendStatus backendStatus(Object message) throws UnexpectedReplyException {
    BackendEndpoint endpoint = BackendEndpoint.BACKEND_STATUS;
    if (!(message instanceof Map<?, ?> map)
        || !(map.get("name") instanceof String name)
        || !(map.get("port") instanceof Number port)
        || !(map.get("agents") instanceof Number agents)
        || !(map.get("open_tasks") instanceof Number open)) {
      throw unexpected(endpoint, message);
    }
    return new BackendStatus(
        name, string(map.get("datacenter")), string(map.get("address")), port.longValue(), agents.longValue(), open.longValue());
  }

  // ---- helpers

  private static String countKey(BackendEndpoint endpoint) {
    return switch (endpoint) {
      case ENQUEUE_TASKS -> "taken";
      case CANCEL_TASKS -> "stopping";
      default -> throw new IllegalArgumentException(endpoint + " does not answer a task count");
    };
  }

  private static String taskId(Map<?, ?> wire) {
    if (!(wire.get("task_id") instanceof String id) || id.isBlank()) {
      throw new IllegalArgumentException("task_id is missing from request");
    }
    return id;
  }

  private static void putIfSet(Map<String, Object> wire, String key, Object value) {
    if (value != null) {
      wire.put(key, value);
    }
  }

  private static String string(Object value) {
    return value instanceof String s ? s : null;
  }

  private static Double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : null;
  }

  private static Long wholeNumber(Object value) {
    return value instanceof Number n ? n.longValue() : null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stringMap(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  private static UnexpectedReplyException unexpected(BackendEndpoint endpoint, Object message) {
    return new UnexpectedReplyException(SERVICE, endpoint.wireName(), message);
  }
}
