package io.mercury.common.client;

import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.protocol.backend.AgentInfo;
import io.mercury.common.protocol.backend.BackendEndpoint;
import io.mercury.common.protocol.backend.BackendRequest;
import io.mercury.common.protocol.backend.BackendStatus;
import io.mercury.common.protocol.backend.BackendWire;
import io.mercury.common.protocol.backend.HeartbeatReply;
import io.mercury.common.protocol.backend.RegisterReply;
import io.mercury.common.protocol.backend.ReportReply;
import io.mercury.common.protocol.backend.TaskCompletion;
import io.mercury.common.protocol.backend.TaskCount;
import io.mercury.common.protocol.backend.TaskUpdate;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The RPC backend, typed: one method per endpoint, records in and out ({@link BackendWire} maps them).
 * The agent uses the agent-facing endpoints, the frontend the notices. Replies of the original backend
 * ({@code "accepted"}) read as bare acknowledgements.
 *
 * <p>Every method throws {@link TransportException} when no reply came and {@link RemoteException} when
 * the backend refused or failed ({@code error: true}; its message says why, e.g. {@code Server busy} or
 * {@code Endpoint is not supported}). Every endpoint is idempotent (a report or notice sent twice is
 * answered alike), so the ServiceClient's retry setting decides about resending.
 *
 * <p>Does not own the {@link ServiceClient}; its owner closes it. Thread-safe, as the ServiceClient is.
 */
public final class BackendClient {
  private final ServiceClient client;

  public BackendClient(ServiceClient client) {
    this.client = Objects.requireNonNull(client, "client is null");
  }

  /** The backend's address, for logs. */
  public String endpoint() {
    return client.endpoint();
  }

  public RegisterReply register(Map<String, Object> deviceInfo, AgentInfo agentInfo) throws TransportException, RemoteException {
    return BackendWire.registerReply(invoke(new BackendRequest.Register(deviceInfo, agentInfo)));
  }

  /** Inventory update proxy: {@code update(mercury_id, update_data)}; the reply is not read. */
  public void update(String mercuryId, Map<String, Object> updateData) throws TransportException, RemoteException {
    invoke(new BackendRequest.Update(mercuryId, updateData));
  }

  /**
   * {@code heartbeat(mercury_id, channel=...)} (Mercury's backend only); {@code offerChannel} offers this
   * connection as the agent channel (only to a backend whose register reply said {@code channel: true}).
   */
  public HeartbeatReply heartbeat(String mercuryId, boolean offerChannel) throws TransportException, RemoteException {
    return BackendWire.heartbeatReply(invoke(new BackendRequest.Heartbeat(mercuryId, offerChannel)));
  }

  public ReportReply updateTask(TaskUpdate update) throws TransportException, RemoteException {
    return BackendWire.reportReply(invoke(new BackendRequest.UpdateTask(update)));
  }

  public ReportReply completeTask(TaskCompletion completion) throws TransportException, RemoteException {
    return BackendWire.reportReply(invoke(new BackendRequest.CompleteTask(completion)));
  }

  /** {@code enqueue_tasks(task_ids)}: how many of the tasks the backend will dispatch. */
  public TaskCount enqueueTasks(List<String> taskIds) throws TransportException, RemoteException, UnexpectedReplyException {
    return BackendWire.taskCount(BackendEndpoint.ENQUEUE_TASKS, invoke(new BackendRequest.EnqueueTasks(taskIds)));
  }

  /** {@code cancel_tasks(task_ids)}: how many of the tasks the backend is stopping on their agents. */
  public TaskCount cancelTasks(List<String> taskIds) throws TransportException, RemoteException, UnexpectedReplyException {
    return BackendWire.taskCount(BackendEndpoint.CANCEL_TASKS, invoke(new BackendRequest.CancelTasks(taskIds)));
  }

  public BackendStatus backendStatus() throws TransportException, RemoteException, UnexpectedReplyException {
    return BackendWire.backendStatus(invoke(new BackendRequest.BackendStatus()));
  }

  private Object invoke(BackendRequest request) throws TransportException, RemoteException {
    return client.invoke(BackendWire.request(request), true);
  }
}
