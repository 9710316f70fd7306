package io.mercury.common.protocol.backend;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The arguments of one call to the RPC backend, one record per endpoint. The device document and an
 * inventory update stay maps: they are free-form documents, not protocol. {@link BackendWire} turns a
 * record into its {@code Request} and a request's arguments back into a record.
 */
public sealed interface BackendRequest {
  BackendEndpoint endpoint();

  /** {@code register(device_info, agent_info)}. */
  record Register(Map<String, Object> deviceInfo, AgentInfo agentInfo) implements BackendRequest {
    public Register {
      Objects.requireNonNull(deviceInfo, "deviceInfo is null");
      Objects.requireNonNull(agentInfo, "agentInfo is null");
    }

    @Override
    public BackendEndpoint endpoint() {
      return BackendEndpoint.REGISTER;
    }
  }

  /** {@code update(mercury_id, update_data)}: an inventory update of the agent's own device, proxied. */
  record Update(String mercuryId, Map<String, Object> updateData) implements BackendRequest {
    public Update {
      Objects.requireNonNull(mercuryId, "mercuryId is null");
      Objects.requireNonNull(updateData, "updateData is null");
    }

    @Override
    public BackendEndpoint endpoint() {
      return BackendEndpoint.UPDATE;
    }
  }

  /** {@code update_task(update_data)}. */
  record UpdateTask(TaskUpdate update) implements BackendRequest {
    public UpdateTask {
      Objects.requireNonNull(update, "update is null");
    }

    @Override
    public BackendEndpoint endpoint() {
      return BackendEndpoint.UPDATE_TASK;
    }
  }

  /** {@code complete_task(return_data)}. */
  record CompleteTask(TaskCompletion completion) implements BackendRequest {
    public CompleteTask {
      Objects.requireNonNull(completion, "completion is null");
    }

    @Override
    public BackendEndpoint endpoint() {
      return BackendEndpoint.COMPLETE_TASK;
    }
  }

  /** {@code heartbeat(mercury_id, channel=false)}; {@code channel} offers the connection as the agent channel. */
  record Heartbeat(String mercuryId, boolean channel) implements BackendRequest {
    public Heartbeat {
      Objects.requireNonNull(mercuryId, "mercuryId is null");
    }

    @Override
    public BackendEndpoint endpoint() {
      return BackendEndpoint.HEARTBEAT;
    }
  }

  /** {@code enqueue_tasks(task_ids)}: tasks, already in the store, to dispatch. */
  record EnqueueTasks(List<String> taskIds) implements BackendRequest {
    public EnqueueTasks {
      taskIds = List.copyOf(taskIds);
    }

    @Override
    public BackendEndpoint endpoint() {
      return BackendEndpoint.ENQUEUE_TASKS;
    }
  }

  /** {@code cancel_tasks(task_ids)}: tasks, already cancelled in the store, to stop on their agents. */
  record CancelTasks(List<String> taskIds) implements BackendRequest {
    public CancelTasks {
      taskIds = List.copyOf(taskIds);
    }

    @Override
    public BackendEndpoint endpoint() {
      return BackendEndpoint.CANCEL_TASKS;
    }
  }

  /** {@code backend_status()}. */
  record BackendStatus() implements BackendRequest {
    @Override
    public BackendEndpoint endpoint() {
      return BackendEndpoint.BACKEND_STATUS;
    }
  }
}
