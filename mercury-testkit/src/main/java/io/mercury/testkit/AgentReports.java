package io.mercury.testkit;

import io.mercury.common.protocol.Request;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a simulated agent sends the backend, with the original's field names: its registration's {@code
 * agent_info} and the {@code update_task} / {@code complete_task} reports. Pure functions; no sockets.
 */
public final class AgentReports {
  private AgentReports() {}

  /**
   * The {@code echo} capability as an agent advertises it at registration; a Mercury agent adds its
   * {@code arguments} signature.
   */
  public static Map<String, Object> echoCapability(boolean mercury) {
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
    if (mercury) {
      echo.put("arguments", "MESSAGE");
    }
    return echo;
  }

  /**
   * The agent part of a {@code register} call: where the backend reaches the agent, and its echo
   * capability; with an {@code instance} (Mercury's addition) when it is not null.
   */
  public static Map<String, Object> agentInfo(String host, int rpcPort, int pingPort, String instance) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("rpc_address", host);
    info.put("rpc_address6", null);
    info.put("rpc_port", rpcPort);
    info.put("ping_port", pingPort);
    info.put("localtime", AgentAnswers.now());
    if (instance != null) {
      info.put("instance", instance);
    }
    info.put("capabilities", Map.of("echo", echoCapability(instance != null)));
    return info;
  }

  /** The {@code update_task} argument that reports a task STARTED; the original sends no {@code job_id} (null here). */
  public static Map<String, Object> started(String taskId, String jobId, double timeStarted) {
    Map<String, Object> update = new LinkedHashMap<>();
    update.put("task_id", taskId);
    if (jobId != null) {
      update.put("job_id", jobId);
    }
    update.put("status", "STARTED");
    update.put("time_started", timeStarted);
    return update;
  }

  /** The {@code complete_task} argument: SUCCESS with {@code message}, or ERROR with a simulated traceback. */
  public static Map<String, Object> completed(String taskId, String jobId, double timeStarted, Object message, boolean fails) {
    Map<String, Object> done = new LinkedHashMap<>();
    done.put("status", fails ? "ERROR" : "SUCCESS");
    done.put("message", fails ? null : message);
    done.put("traceback", fails ? Map.of("exc_type", "RuntimeError", "exc_value", "simulated failure", "stack", List.of()) : null);
    done.put("job_id", jobId);
    done.put("task_id", taskId);
    done.put("time_started", timeStarted);
    done.put("time_completed", AgentAnswers.now());
    done.put("action", "Completed");
    return done;
  }

  /** A request to the backend's agent-facing ROUTER: {@code {"endpoint", "args", "kwargs": {}}}. */
  public static Map<String, Object> request(String endpoint, List<Object> args) {
    return new Request(endpoint, args, Map.of()).toWire();
  }

  /** Whether a backend reply is an acceptance: {@code error: false}. */
  public static boolean ok(Object reply) {
    return reply instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("error"));
  }
}
