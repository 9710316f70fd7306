package io.mercury.rpc.backend;

import static io.mercury.common.dispatch.Param.required;

import io.mercury.common.dispatch.EndpointException;
import io.mercury.common.dispatch.EndpointRegistry;
import io.mercury.common.dispatch.ParamType;
import io.mercury.rpc.store.TaskReports;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backend's endpoints: the original agent-facing ones (reference §3.3) — answered after they are
 * processed, so an agent learns about a refusal — and the frontend's notices.
 */
final class BackendEndpoints {
  private static final int MAX_IDS = 10_000;

  private BackendEndpoints() {}

  static EndpointRegistry registry(Origin origin, AgentRegistry agents, TaskDispatcher tasks, TaskReports reports) {
    return new EndpointRegistry()
        .register(
            "register",
            a -> agents.register(a.map("device_info"), a.map("agent_info")),
            required("device_info", ParamType.MAP),
            required("agent_info", ParamType.MAP))
        .register(
            "update",
            a -> agents.update(a.string("mercury_id"), a.map("update_data")),
            required("mercury_id", ParamType.STRING),
            required("update_data", ParamType.MAP))
        .register(
            "update_task",
            a -> {
              TaskReports.Outcome outcome = reports.update(a.map("update_data"));
              if (outcome.applied() && "STARTED".equals(a.map("update_data").get("status"))) {
                tasks.started(outcome.taskId());
              }
              return outcome.toWire();
            },
            required("update_data", ParamType.MAP))
        .register(
            "complete_task",
            a -> {
              TaskReports.Outcome outcome = reports.complete(a.map("return_data"));
              tasks.finished(outcome.taskId(), a.map("return_data").get("status"));
              return outcome.toWire();
            },
            required("return_data", ParamType.MAP))
        .register(
            "enqueue_tasks",
            a -> Map.of("taken", (long) tasks.enqueue(ids(a.list("task_ids")))),
            required("task_ids", ParamType.LIST))
        .register(
            "cancel_tasks",
            a -> Map.of("stopping", (long) tasks.cancel(ids(a.list("task_ids")))),
            required("task_ids", ParamType.LIST))
        .register(
            "backend_status",
            a -> {
              Map<String, Object> status = new LinkedHashMap<>(origin.toDocument());
              status.put("agents", (long) agents.count());
              status.put("open_tasks", (long) tasks.openCount());
              return status;
            });
  }

  private static List<String> ids(List<Object> raw) {
    if (raw.size() > MAX_IDS) {
      throw new EndpointException("at most " + MAX_IDS + " task ids per call, got " + raw.size());
    }
    if (!raw.stream().allMatch(o -> o instanceof String)) {
      throw new EndpointException("task_ids must be a list of strings");
    }
    return raw.stream().map(String.class::cast).toList();
  }
}
