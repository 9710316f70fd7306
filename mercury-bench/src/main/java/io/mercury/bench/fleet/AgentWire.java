package io.mercury.bench.fleet;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small pieces of the original agent protocol the simulated fleets speak: the shapes of the messages
 * an agent sends and answers, with the original's field names. Pure functions; no sockets.
 */
final class AgentWire {
  private AgentWire() {}

  /** An agent's reply to a backend request: {@code {message: {status, data}}}. */
  static Map<String, Object> status(int status, Object data) {
    return Map.of("message", Map.of("status", status, "data", data));
  }

  /** The decoded message, or null when it is not msgpack. */
  static Object decode(byte[] bytes) {
    try {
      return MsgPack.decode(bytes);
    } catch (MalformedMessageException e) {
      return null;
    }
  }

  /** Whether a backend reply is an acceptance: {@code error: false}. */
  static boolean ok(Object reply) {
    return reply instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("error"));
  }

  /** The original agent's {@code echo} capability, as a simulated agent advertises it at registration. */
  static Map<String, Object> echoCapability() {
    Map<String, Object> echo = new LinkedHashMap<>();
    echo.put("name", "echo");
    echo.put("entry", "echo");
    echo.put("description", "Echo something to the console");
    echo.put("doc", "Echo something to the console");
    echo.put("serial", false);
    echo.put("num_args", 1);
    echo.put("kwarg_names", null);
    echo.put("no_return", false);
    echo.put("timeout", 1800);
    echo.put("task_id_kwargs", false);
    echo.put("arguments", "MESSAGE");
    return echo;
  }

  /** The agent part of a {@code register} call: where the backend reaches the agent, and its echo capability. */
  static Map<String, Object> agentInfo(String host, int rpcPort, int pingPort, String instance) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("rpc_address", host);
    info.put("rpc_address6", null);
    info.put("rpc_port", rpcPort);
    info.put("ping_port", pingPort);
    info.put("localtime", now());
    info.put("instance", instance);
    info.put("capabilities", Map.of("echo", echoCapability()));
    return info;
  }

  /** Whether a message on the pong endpoint is a ping. */
  static boolean isPing(Object message) {
    return message instanceof Map<?, ?> m && "ping".equals(m.get("message"));
  }

  /** The pong endpoint's answer: a pong with load to a ping, else an error. */
  static Map<String, Object> pongReply(boolean ping) {
    Map<String, Object> reply = new LinkedHashMap<>();
    if (ping) {
      reply.put("timestamp", now());
      reply.put("load", List.of(0.5, 0.5, 0.5));
      reply.put("message", "pong");
    } else {
      reply.put("error", true);
      reply.put("message", "invalid ping");
    }
    return reply;
  }

  /** The {@code update_task} argument that reports a task STARTED. */
  static Map<String, Object> started(String taskId, String jobId, double timeStarted) {
    Map<String, Object> update = new HashMap<>();
    update.put("task_id", taskId);
    update.put("job_id", jobId);
    update.put("status", "STARTED");
    update.put("time_started", timeStarted);
    return update;
  }

  /** The {@code complete_task} argument: SUCCESS with {@code message}, or ERROR with a simulated traceback. */
  static Map<String, Object> completed(String taskId, String jobId, double timeStarted, Object message, boolean fails) {
    Map<String, Object> done = new HashMap<>();
    done.put("task_id", taskId);
    done.put("job_id", jobId);
    done.put("status", fails ? "ERROR" : "SUCCESS");
    done.put("message", fails ? null : message);
    done.put("traceback", fails ? Map.of("exc_type", "RuntimeError", "exc_value", "simulated failure", "stack", List.of()) : null);
    done.put("time_started", timeStarted);
    done.put("time_completed", now());
    done.put("action", "Completed");
    return done;
  }

  /** Seconds since the epoch, as the original's timestamps. */
  static double now() {
    return System.currentTimeMillis() / 1000.0;
  }
}
