package io.mercury.cli.client;

import io.mercury.common.client.FrontendClient;
import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.protocol.frontend.CancelJobReply;
import io.mercury.common.protocol.frontend.CreateJobReply;
import io.mercury.common.protocol.frontend.FrontendRequest;
import io.mercury.common.protocol.frontend.FrontendWire;
import io.mercury.common.protocol.frontend.Instruction;
import io.mercury.common.protocol.frontend.JobDocument;
import io.mercury.common.protocol.frontend.JobStatus;
import io.mercury.common.protocol.frontend.TaskDocument;
import io.mercury.common.security.CurveClient;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.zeromq.ZContext;

/**
 * The CLI's door to the rpc frontend (contract "Frontend endpoints"): jobs are created, read and
 * cancelled here, through the typed {@link FrontendClient}. This layer owns the connections, resolves
 * shortened ids and turns every failure into a one-line {@link ServiceException}.
 *
 * <p>Reads ({@code get_*}) are idempotent: the timeout is split between two attempts, like the
 * inventory client's. {@code create_job} and {@code cancel_job} are not: they are sent once and wait the
 * whole timeout, and a lost reply says that the request may have been processed. Errors come back as
 * {@link ServiceException} with a one-line message.
 */
public final class RpcClient implements AutoCloseable {
  private static final String SERVICE = "rpc";
  private static final int READ_ATTEMPTS = 2;
  /** The fields {@code get_jobs} is asked for: what the jobs table shows. */
  private static final List<String> JOB_LIST_FIELDS =
      List.of(
          "job_id",
          "instruction.method",
          "instruction.preprocessor",
          "instruction.args",
          "instruction.kwargs",
          "requested_by",
          "task_count",
          "time_created",
          "time_started",
          "time_completed",
          "counts",
          "cancelled");

  private static final java.util.regex.Pattern UUID_TEXT =
      java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final java.util.regex.Pattern ID_PREFIX = java.util.regex.Pattern.compile("[0-9a-fA-F][0-9a-fA-F-]{3,34}");

  private final ZContext context;
  private final ServiceClient reads;
  private final ServiceClient writes;
  private final String endpoint;
  private final CurveClient curve;
  private final FrontendClient frontend;

  private RpcClient(String endpoint, Duration timeout, CurveClient curve) {
    this.endpoint = endpoint;
    this.context = new ZContext();
    ClientSettings settings = ClientSettings.defaults(SERVICE).withCurve(curve).withFailFastWhenRefused();
    this.curve = curve;
    this.reads =
        new ServiceClient(
            context,
            endpoint,
            settings.withTimeout(timeout.dividedBy(READ_ATTEMPTS)).withRetries(READ_ATTEMPTS - 1));
    this.writes = new ServiceClient(context, endpoint, settings.withTimeout(timeout).withRetries(0));
    this.frontend = new FrontendClient(reads, writes);
  }

  /** A client of the frontend at {@code endpoint}; connecting is lazy, so this never blocks. */
  public static RpcClient connect(String endpoint, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    return new RpcClient(endpoint, timeout, null);
  }

  /** As {@link #connect(String, Duration)}, as the CURVE client {@code curve} (null: plaintext). */
  public static RpcClient connect(String endpoint, Duration timeout, CurveClient curve) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    return new RpcClient(endpoint, timeout, curve);
  }

  /**
   * {@code create_job(query, instruction, requested_by)}: runs {@code instruction} on every active
   * device matching {@code query}. Empty when no active device matches. Sent once.
   */
  public Optional<CreateJobReply> createJob(Map<String, Object> query, Instruction instruction, String requestedBy)
      throws ServiceException {
    // unless_none_can: a method no target offers is a usage mistake, not a job of errors
    FrontendRequest.CreateJob request =
        new FrontendRequest.CreateJob(query, FrontendWire.toWire(instruction), requestedBy, true);
    return write("create_job", () -> frontend.createJob(request));
  }

  /**
   * The job or task id a reference stands for: a whole id as it is; a unique prefix of at least four
   * characters (mcli tables may shorten ids) as the one id it starts ({@code find_ids}); anything else,
   * or a prefix nothing starts with, as it is, for the caller's "no job" answer.
   *
   * @param kind {@code job} or {@code task}
   * @throws ServiceException when several ids start with it, naming them
   */
  public String resolve(String kind, String reference) throws ServiceException {
    if (UUID_TEXT.matcher(reference).matches() || !ID_PREFIX.matcher(reference).matches()) {
      return reference;
    }
    List<String> ids;
    try {
      ids = frontend.findIds(kind, reference);
    } catch (RemoteException e) {
      return reference; // an original frontend has no find_ids: whole ids only
    } catch (UnexpectedReplyException e) {
      ids = List.of();
    } catch (TransportException e) {
      throw transport(e, Unreachable.describe(SERVICE, endpoint, e, curve));
    }
    if (ids.size() > 1) {
      throw new ServiceException(
          "'" + reference + "' starts " + (ids.size() >= 5 ? "5 or more " : ids.size() + " ") + kind + " ids ("
              + String.join(", ", ids) + "); give more of it");
    }
    return ids.isEmpty() ? reference : ids.getFirst();
  }

  /** {@code get_job(job_id)}: the job, empty when unknown; the id may be shortened ({@link #resolve}). */
  public Optional<JobDocument> getJob(String jobId) throws ServiceException {
    String id = resolve("job", jobId);
    return read(() -> frontend.getJob(id, null));
  }

  /**
   * {@code get_job_status(job_id)}: the job with {@code has_failures} and {@code tasks: [{task_id,
   * status, mercury_id}]}, empty when unknown.
   */
  public Optional<JobStatus> getJobStatus(String jobId) throws ServiceException {
    String id = resolve("job", jobId);
    return read(() -> frontend.getJobStatus(id));
  }

  /** {@code get_job_tasks(job_id)}: the job's tasks (none for an unknown job). */
  public List<TaskDocument> getJobTasks(String jobId) throws ServiceException {
    String id = resolve("job", jobId);
    return read(() -> frontend.getJobTasks(id, null)).tasks();
  }

  /** {@code get_task(task_id)}: the task, empty when unknown. */
  public Optional<TaskDocument> getTask(String taskId) throws ServiceException {
    String id = resolve("task", taskId);
    return read(() -> frontend.getTask(id));
  }

  /** {@code get_jobs(projection, limit)}: up to {@code limit} jobs ({@code 0} = all), newest first. */
  public List<JobDocument> getJobs(long limit) throws ServiceException {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    Map<String, Object> projection = new LinkedHashMap<>();
    JOB_LIST_FIELDS.forEach(f -> projection.put(f, 1));
    return read(() -> frontend.getJobs(projection, limit)).jobs();
  }

  /**
   * {@code cancel_job(job_id, requested_by)}: cancels the job's unfinished tasks; an unknown job is an
   * error. Sent once.
   */
  public CancelJobReply cancelJob(String jobId, String requestedBy) throws ServiceException {
    String id = resolve("job", jobId);
    return write("cancel_job", () -> frontend.cancelJob(id, requestedBy));
  }

  /** One call of the typed client. */
  @FunctionalInterface
  private interface Call<T> {
    T run() throws TransportException, RemoteException, UnexpectedReplyException;
  }

  private <T> T read(Call<T> call) throws ServiceException {
    try {
      return call.run();
    } catch (RemoteException e) {
      throw remote(e);
    } catch (UnexpectedReplyException e) {
      throw new ServiceException(e.getMessage());
    } catch (TransportException e) {
      throw transport(e, Unreachable.describe(SERVICE, endpoint, e, curve));
    }
  }

  private <T> T write(String name, Call<T> call) throws ServiceException {
    try {
      return call.run();
    } catch (RemoteException e) {
      throw remote(e);
    } catch (UnexpectedReplyException e) {
      throw new ServiceException(e.getMessage());
    } catch (TransportException e) {
      String message =
          Unreachable.describe(SERVICE, endpoint, e, curve)
              + (e.sent()
                  ? "; " + name + " was not resent and may have been done (see 'mcli rpc jobs')"
                  : "; " + name + " was not sent");
      throw transport(e, message);
    }
  }

  private static ServiceException remote(RemoteException e) {
    String message = e.getMessage() == null ? "(no message)" : e.getMessage();
    return new ServiceException("rpc error: " + message.lines().findFirst().orElse(message), e);
  }

  private ServiceException transport(TransportException e, String message) {
    if (e.getCause() instanceof MalformedMessageException) {
      return new ServiceException(
          "unreadable reply from rpc at " + endpoint + ": " + e.getCause().getMessage(), e);
    }
    return new ServiceException(message, e);
  }

  @Override
  public void close() {
    reads.close();
    writes.close();
    context.close();
  }
}
