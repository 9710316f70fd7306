package io.mercury.cli.client;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.protocol.Request;
import io.mercury.common.security.CurveClient;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.zeromq.ZContext;

/**
 * The CLI's door to the rpc frontend (contract "Frontend endpoints"): jobs are created, read and
 * cancelled here.
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
  public Optional<JobCreated> createJob(
      Map<String, Object> query, Instruction instruction, String requestedBy) throws ServiceException {
    Map<String, Object> kwargs = new LinkedHashMap<>();
    kwargs.put("requested_by", requestedBy);
    kwargs.put("unless_none_can", true); // a method no target offers is a usage mistake, not a job of errors
    Object reply =
        write(new Request("create_job", List.of(query, instruction.toWire()), kwargs), "create_job");
    if (reply == null) {
      return Optional.empty();
    }
    Map<String, Object> created = asMap(reply, "create_job");
    if (!(created.get("job_id") instanceof String jobId) || !(created.get("targets") instanceof Number n)) {
      throw unexpected("create_job", reply);
    }
    return Optional.of(new JobCreated(jobId, n.longValue()));
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
    Object reply;
    try {
      reply = reads.invoke(new Request("find_ids", List.of(kind, reference), Map.of()), true);
    } catch (RemoteException e) {
      return reference; // an original frontend has no find_ids: whole ids only
    } catch (TransportException e) {
      throw transport(e, Unreachable.describe(SERVICE, endpoint, e, curve));
    }
    List<String> ids = new ArrayList<>();
    if (reply instanceof List<?> list) {
      list.forEach(id -> ids.add(String.valueOf(id)));
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
    return optionalMap(read(Request.of("get_job", resolve("job", jobId))), "get_job").map(JobDocument::new);
  }

  /**
   * {@code get_job_status(job_id)}: the job with {@code has_failures} and {@code tasks: [{task_id,
   * status}]}, empty when unknown.
   */
  public Optional<JobDocument> getJobStatus(String jobId) throws ServiceException {
    return optionalMap(read(Request.of("get_job_status", resolve("job", jobId))), "get_job_status")
        .map(JobDocument::new);
  }

  /** {@code get_job_tasks(job_id)}: the job's tasks (none for an unknown job). */
  public List<TaskDocument> getJobTasks(String jobId) throws ServiceException {
    Map<String, Object> reply = asMap(read(Request.of("get_job_tasks", resolve("job", jobId))), "get_job_tasks");
    return list(reply, "tasks", "get_job_tasks").stream().map(TaskDocument::new).toList();
  }

  /** {@code get_task(task_id)}: the task, empty when unknown. */
  public Optional<TaskDocument> getTask(String taskId) throws ServiceException {
    return optionalMap(read(Request.of("get_task", resolve("task", taskId))), "get_task").map(TaskDocument::new);
  }

  /** {@code get_jobs(projection, limit)}: up to {@code limit} jobs ({@code 0} = all), newest first. */
  public List<JobDocument> getJobs(long limit) throws ServiceException {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    Map<String, Object> projection = new LinkedHashMap<>();
    JOB_LIST_FIELDS.forEach(f -> projection.put(f, 1));
    Map<String, Object> kwargs = new LinkedHashMap<>();
    kwargs.put("projection", projection);
    kwargs.put("limit", limit);
    Map<String, Object> reply = asMap(read(new Request("get_jobs", List.of(), kwargs)), "get_jobs");
    return list(reply, "jobs", "get_jobs").stream().map(JobDocument::new).toList();
  }

  /**
   * {@code cancel_job(job_id, requested_by)}: cancels the job's unfinished tasks; an unknown job is an
   * error. Sent once.
   */
  public JobCancelled cancelJob(String jobId, String requestedBy) throws ServiceException {
    Map<String, Object> kwargs = new LinkedHashMap<>();
    kwargs.put("requested_by", requestedBy);
    Object raw = write(new Request("cancel_job", List.of(resolve("job", jobId)), kwargs), "cancel_job");
    Map<String, Object> reply = asMap(raw, "cancel_job");
    if (!(reply.get("cancelled") instanceof Number n)) {
      throw unexpected("cancel_job", reply);
    }
    return new JobCancelled(reply.get("job_id") instanceof String id ? id : jobId, n.longValue());
  }

  private Object read(Request request) throws ServiceException {
    try {
      return reads.invoke(request, true);
    } catch (RemoteException e) {
      throw remote(e);
    } catch (TransportException e) {
      throw transport(e, Unreachable.describe(SERVICE, endpoint, e, curve));
    }
  }

  private Object write(Request request, String name) throws ServiceException {
    try {
      return writes.invoke(request, false);
    } catch (RemoteException e) {
      throw remote(e);
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

  private static Optional<Map<String, Object>> optionalMap(Object reply, String name)
      throws ServiceException {
    return reply == null ? Optional.empty() : Optional.of(asMap(reply, name));
  }

  private static List<Map<String, Object>> list(Map<String, Object> reply, String key, String name)
      throws ServiceException {
    if (!(reply.get(key) instanceof List<?> raw)) {
      throw unexpected(name, reply);
    }
    List<Map<String, Object>> items = new ArrayList<>(raw.size());
    for (Object item : raw) {
      items.add(asMap(item, name));
    }
    return items;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object reply, String name) throws ServiceException {
    if (reply instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw unexpected(name, reply);
  }

  private static ServiceException unexpected(String name, Object reply) {
    String type = reply == null ? "null" : reply.getClass().getSimpleName();
    return new ServiceException("unexpected reply from rpc " + name + ": " + type);
  }

  @Override
  public void close() {
    reads.close();
    writes.close();
    context.close();
  }
}
