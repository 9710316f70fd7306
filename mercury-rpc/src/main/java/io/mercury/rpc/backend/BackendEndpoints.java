package io.mercury.rpc.backend;

import static io.mercury.common.dispatch.Param.optional;
import static io.mercury.common.dispatch.Param.required;

import io.mercury.common.dispatch.Access;
import io.mercury.common.dispatch.EndpointException;
import io.mercury.common.dispatch.EndpointHandler;
import io.mercury.common.dispatch.EndpointRegistry;
import io.mercury.common.dispatch.ParamType;
import io.mercury.common.dispatch.TryAgainException;
import io.mercury.common.logging.LogKeys;
import io.mercury.common.logging.LogScope;
import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.protocol.backend.AgentInfo;
import io.mercury.common.protocol.backend.BackendEndpoint;
import io.mercury.common.protocol.backend.BackendStatus;
import io.mercury.common.protocol.backend.BackendWire;
import io.mercury.common.protocol.backend.TaskCompletion;
import io.mercury.common.protocol.backend.TaskCount;
import io.mercury.common.protocol.backend.TaskUpdate;
import io.mercury.common.protocol.inventory.InventoryWire;
import io.mercury.rpc.store.RpcStore;
import io.mercury.rpc.store.TaskReports;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend's endpoints: the original agent-facing ones (docs/protocol.md, "RPC backend") — answered after they are
 * processed, so an agent learns about a refusal — and the frontend's notices.
 */
final class BackendEndpoints {
  private static final Logger log = LoggerFactory.getLogger(BackendEndpoints.class);
  private static final int MAX_IDS = 10_000;

  private BackendEndpoints() {}

  static EndpointRegistry registry(Origin origin, AgentRegistry agents, TaskDispatcher tasks, TaskReports reports) {
    return new EndpointRegistry()
        .register(
            "register",
            Access.AGENT,
            a -> {
              AgentRegistry.registeringDevice(a.map("device_info"), a.caller());
              return BackendWire.toWire(agents.register(a.map("device_info"), agentInfo(a.map("agent_info")), a.caller()));
            },
            required("device_info", ParamType.MAP),
            required("agent_info", ParamType.MAP))
        .register(
            "update",
            Access.AGENT,
            a -> InventoryWire.toWire(agents.update(a.string("mercury_id"), a.map("update_data"), a.caller())),
            required("mercury_id", ParamType.STRING),
            required("update_data", ParamType.MAP))
        .registerImmediate(
            "heartbeat",
            Access.AGENT,
            a -> BackendWire.toWire(agents.heartbeat(a.string("mercury_id"), a.caller())),
            required("mercury_id", ParamType.STRING),
            // the agent offers its connection as its channel; ChannelBinder acts on it
            optional(ChannelBinder.CHANNEL, ParamType.BOOLEAN, false))
        .register(
            "update_task",
            Access.AGENT,
            untilTheStoreAnswers(a -> {
              TaskUpdate update = TaskReportCalls.update(a.map("update_data"));
              try (LogScope scope = scope(update.jobId(), update.taskId())) {
                TaskReports.Outcome outcome = TaskReportCalls.update(reports, update, DeviceIdentity.boundDevice(a.caller()));
                if (outcome.applied() && update.status() == TaskStatus.STARTED) {
                  tasks.started(outcome.taskId());
                  // the agent's report may arrive after the agent logged the task's end
                  log.info("agent reported the task started");
                }
                return BackendWire.toWire(outcome.reply());
              }
            }),
            required("update_data", ParamType.MAP))
        .register(
            "complete_task",
            Access.AGENT,
            untilTheStoreAnswers(a -> {
              TaskCompletion completion = TaskReportCalls.completion(a.map("return_data"));
              try (LogScope scope = scope(completion.jobId(), completion.taskId())) {
                TaskReports.Outcome outcome =
                    TaskReportCalls.complete(reports, completion, DeviceIdentity.boundDevice(a.caller()));
                tasks.finished(outcome.taskId());
                if (outcome.recordedAFailure()) {
                  log.warn("task result recorded: {} ({})", outcome.recorded(), completion.status());
                } else if (outcome.applied()) {
                  log.info("task result recorded: {}", completion.status());
                } else {
                  log.info("task result ignored: {}", outcome.note());
                }
                return BackendWire.toWire(outcome.reply());
              }
            }),
            required("return_data", ParamType.MAP))
        .register(
            "enqueue_tasks",
            Access.SERVICE.forDaemons("rpc"),
            a -> BackendWire.toWire(BackendEndpoint.ENQUEUE_TASKS, new TaskCount(tasks.enqueue(ids(a.list("task_ids"))))),
            required("task_ids", ParamType.LIST))
        .register(
            "cancel_tasks",
            Access.SERVICE.forDaemons("rpc"),
            a -> BackendWire.toWire(BackendEndpoint.CANCEL_TASKS, new TaskCount(tasks.cancel(ids(a.list("task_ids"))))),
            required("task_ids", ParamType.LIST))
        .register(
            "backend_status",
            Access.READ,
            a ->
                BackendWire.toWire(
                    new BackendStatus(
                        origin.name(), origin.datacenter(), origin.address(), origin.port(), agents.count(), tasks.openCount())));
  }

  /** A registration's agent_info; one without the original's required keys is refused as the original did. */
  private static AgentInfo agentInfo(Map<String, Object> wire) {
    try {
      return BackendWire.registeredAgentInfo(wire);
    } catch (IllegalArgumentException e) {
      throw new EndpointException(e.getMessage());
    }
  }

  /**
   * An agent's report that could not be written because the store is away is answered "Server busy":
   * the agent keeps it and sends it again, where any other error would make it set the result aside for
   * good (a result lost to a store restart).
   */
  static EndpointHandler untilTheStoreAnswers(EndpointHandler handler) {
    return a -> {
      try {
        return handler.handle(a);
      } catch (RuntimeException e) {
        Optional<String> outage = RpcStore.outage(e);
        if (outage.isPresent()) {
          throw new TryAgainException("the store is unavailable (" + outage.get() + ")", e);
        }
        throw e;
      }
    };
  }

  /** The task's ids, from an agent's report, in the logging context. */
  private static LogScope scope(String jobId, String taskId) {
    return LogScope.of(LogKeys.JOB_ID, jobId, LogKeys.TASK_ID, taskId);
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
