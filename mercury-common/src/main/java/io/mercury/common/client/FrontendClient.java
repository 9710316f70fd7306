package io.mercury.common.client;

import io.mercury.common.protocol.Request;
import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.protocol.frontend.CancelJobReply;
import io.mercury.common.protocol.frontend.CreateJobReply;
import io.mercury.common.protocol.frontend.FrontendEndpoint;
import io.mercury.common.protocol.frontend.FrontendRequest;
import io.mercury.common.protocol.frontend.FrontendWire;
import io.mercury.common.protocol.frontend.JobDocument;
import io.mercury.common.protocol.frontend.JobList;
import io.mercury.common.protocol.frontend.JobStatus;
import io.mercury.common.protocol.frontend.TaskDocument;
import io.mercury.common.protocol.frontend.TaskList;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The RPC frontend, typed: one method per endpoint a client calls, records in and out ({@link
 * FrontendWire} maps them). Queries, projections and job and task documents stay free-form.
 *
 * <p>Every method throws {@link TransportException} when no reply came, {@link RemoteException} when the
 * frontend refused or failed ({@code error: true}) and {@link UnexpectedReplyException} when the reply had
 * the wrong shape. Reads go through {@code reads} and may be resent after a timeout; {@code create_job} and
 * {@code cancel_job} go through {@code writes} and are sent once, since a lost reply may mean they were done.
 *
 * <p>Does not own its {@link ServiceClient}s; their owner closes them. Thread-safe, as they are.
 */
public final class FrontendClient {
  private final ServiceClient reads;
  private final ServiceClient writes;
  private final String onBehalfOfName;
  private final String onBehalfOfRole;

  /** A client whose reads and writes share {@code client}. */
  public FrontendClient(ServiceClient client) {
    this(client, client);
  }

  /** A client that reads through {@code reads} and creates and cancels jobs through {@code writes}. */
  public FrontendClient(ServiceClient reads, ServiceClient writes) {
    this(reads, writes, null, null);
  }

  private FrontendClient(ServiceClient reads, ServiceClient writes, String onBehalfOfName, String onBehalfOfRole) {
    this.reads = Objects.requireNonNull(reads, "reads is null");
    this.writes = Objects.requireNonNull(writes, "writes is null");
    this.onBehalfOfName = onBehalfOfName;
    this.onBehalfOfRole = onBehalfOfRole;
  }

  /** A view of this client whose requests act for operator {@code name} holding {@code role} (wire spelling). */
  public FrontendClient onBehalfOf(String name, String role) {
    return new FrontendClient(
        reads, writes, Objects.requireNonNull(name, "name is null"), Objects.requireNonNull(role, "role is null"));
  }

  /** Runs {@code instruction} (a document, see {@link FrontendWire#toWire}) on every active device matching {@code query}; empty when none does. Sent once. */
  public Optional<CreateJobReply> createJob(FrontendRequest.CreateJob request)
      throws TransportException, RemoteException, UnexpectedReplyException {
    return FrontendWire.createJobReply(invoke(request, false));
  }

  /** The job limited to {@code projection} (null: the whole document); empty when unknown. */
  public Optional<JobDocument> getJob(String jobId, Map<String, Object> projection)
      throws TransportException, RemoteException, UnexpectedReplyException {
    return FrontendWire.job(invoke(new FrontendRequest.GetJob(jobId, projection), true));
  }

  /** The job with {@code has_failures} and its tasks' ids and statuses; empty when unknown. */
  public Optional<JobStatus> getJobStatus(String jobId) throws TransportException, RemoteException, UnexpectedReplyException {
    return FrontendWire.jobStatus(invoke(new FrontendRequest.GetJobStatus(jobId), true));
  }

  /** The job's tasks limited to {@code projection} (null: whole documents); none for an unknown job. */
  public TaskList getJobTasks(String jobId, Map<String, Object> projection)
      throws TransportException, RemoteException, UnexpectedReplyException {
    return FrontendWire.taskList(FrontendEndpoint.GET_JOB_TASKS, invoke(new FrontendRequest.GetJobTasks(jobId, projection), true));
  }

  /** The task, empty when unknown. */
  public Optional<TaskDocument> getTask(String taskId) throws TransportException, RemoteException, UnexpectedReplyException {
    return FrontendWire.task(invoke(new FrontendRequest.GetTask(taskId), true));
  }

  /** Up to {@code limit} jobs ({@code 0}: all), newest first, limited to {@code projection} (null: the frontend's default). */
  public JobList getJobs(Map<String, Object> projection, long limit)
      throws TransportException, RemoteException, UnexpectedReplyException {
    return FrontendWire.jobList(invoke(new FrontendRequest.GetJobs(projection, limit), true));
  }

  /** The device's open tasks. */
  public TaskList getActiveTasksByMercuryId(String mercuryId)
      throws TransportException, RemoteException, UnexpectedReplyException {
    return FrontendWire.taskList(
        FrontendEndpoint.GET_ACTIVE_TASKS_BY_MERCURY_ID, invoke(new FrontendRequest.GetActiveTasksByMercuryId(mercuryId), true));
  }

  /** Cancels the job's unfinished tasks; an unknown job is refused. Sent once. */
  public CancelJobReply cancelJob(String jobId, String requestedBy)
      throws TransportException, RemoteException, UnexpectedReplyException {
    return FrontendWire.cancelJobReply(jobId, invoke(new FrontendRequest.CancelJob(jobId, requestedBy), false));
  }

  /** Up to 5 ids of {@code kind} ({@code job} or {@code task}) that start with {@code prefix}, in id order. */
  public List<String> findIds(String kind, String prefix) throws TransportException, RemoteException, UnexpectedReplyException {
    return FrontendWire.ids(invoke(new FrontendRequest.FindIds(kind, prefix), true));
  }

  private Object invoke(FrontendRequest request, boolean idempotent) throws TransportException, RemoteException {
    Request wire = FrontendWire.request(request);
    if (onBehalfOfName != null) {
      wire = wire.onBehalfOf(onBehalfOfName, onBehalfOfRole);
    }
    return (idempotent ? reads : writes).invoke(wire, idempotent);
  }
}
