package io.mercury.common.protocol.frontend;

import io.mercury.common.protocol.Request;
import io.mercury.common.protocol.UnexpectedReplyException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one mapper between the RPC frontend's records and its wire maps, with the original's field names.
 * Requests take the form Mercury's clients have always sent (so the bytes do not change): required
 * arguments positional, optional ones by keyword ({@code projection} only when given, {@code
 * unless_none_can} only when set). Replies are read leniently where the original was terse.
 */
public final class FrontendWire {
  private static final String SERVICE = "rpc";

  private FrontendWire() {}

  /** The request that carries {@code request}. */
  public static Request request(FrontendRequest request) {
    String endpoint = request.endpoint().wireName();
    return switch (request) {
      case FrontendRequest.CreateJob r -> {
        Map<String, Object> kwargs = kwargs("requested_by", r.requestedBy());
        if (r.unlessNoneCan()) {
          kwargs.put("unless_none_can", true);
        }
        yield new Request(endpoint, List.of(r.query(), r.instruction()), kwargs);
      }
      case FrontendRequest.GetJob r -> new Request(endpoint, List.of(r.jobId()), projection(r.projection()));
      case FrontendRequest.GetJobStatus r -> new Request(endpoint, List.of(r.jobId()), Map.of());
      case FrontendRequest.GetJobTasks r -> new Request(endpoint, List.of(r.jobId()), projection(r.projection()));
      case FrontendRequest.GetTask r -> new Request(endpoint, List.of(r.taskId()), Map.of());
      case FrontendRequest.GetJobs r -> {
        Map<String, Object> kwargs = projection(r.projection());
        kwargs.put("limit", r.limit());
        yield new Request(endpoint, List.of(), kwargs);
      }
      case FrontendRequest.GetActiveTasksByMercuryId r -> new Request(endpoint, List.of(r.mercuryId()), Map.of());
      case FrontendRequest.UpdateTask r -> new Request(endpoint, List.of(r.updateData()), Map.of());
      case FrontendRequest.CompleteTask r -> new Request(endpoint, List.of(r.returnData()), Map.of());
      case FrontendRequest.CancelJob r -> new Request(endpoint, List.of(r.jobId()), kwargs("requested_by", r.requestedBy()));
      case FrontendRequest.FindIds r -> new Request(endpoint, List.of(r.kind(), r.prefix()), Map.of());
    };
  }

  /**
   * The record of a request to {@code endpoint} whose arguments the frontend's dispatcher has bound and
   * checked by name ({@code argument} gives each one's value, null when an optional one was not sent).
   */
  @SuppressWarnings("unchecked")
  public static FrontendRequest request(FrontendEndpoint endpoint, Function<String, Object> argument) {
    Function<String, String> string = name -> (String) argument.apply(name);
    Function<String, Map<String, Object>> map = name -> (Map<String, Object>) argument.apply(name);
    return switch (endpoint) {
      case CREATE_JOB ->
          new FrontendRequest.CreateJob(
              map.apply("query"), map.apply("instruction"), string.apply("requested_by"),
              Boolean.TRUE.equals(argument.apply("unless_none_can")));
      case GET_JOB -> new FrontendRequest.GetJob(string.apply("job_id"), map.apply("projection"));
      case GET_JOB_STATUS -> new FrontendRequest.GetJobStatus(string.apply("job_id"));
      case GET_JOB_TASKS -> new FrontendRequest.GetJobTasks(string.apply("job_id"), map.apply("projection"));
      case GET_TASK -> new FrontendRequest.GetTask(string.apply("task_id"));
      case GET_JOBS ->
          new FrontendRequest.GetJobs(
              map.apply("projection"), argument.apply("limit") instanceof Number n ? n.longValue() : 0);
      case GET_ACTIVE_TASKS_BY_MERCURY_ID -> new FrontendRequest.GetActiveTasksByMercuryId(string.apply("mercury_id"));
      case UPDATE_TASK -> new FrontendRequest.UpdateTask(map.apply("update_data"));
      case COMPLETE_TASK -> new FrontendRequest.CompleteTask(map.apply("return_data"));
      case CANCEL_JOB -> new FrontendRequest.CancelJob(string.apply("job_id"), string.apply("requested_by"));
      case FIND_IDS -> new FrontendRequest.FindIds(string.apply("kind"), string.apply("prefix"));
    };
  }

  /** The instruction's document: {@code {method, args, kwargs, timeout?}} or {@code {preprocessor, template, assets}}. */
  public static Map<String, Object> toWire(Instruction instruction) {
    Map<String, Object> wire = new LinkedHashMap<>();
    switch (instruction) {
      case Instruction.Primitive p -> {
        wire.put("method", p.method());
        wire.put("args", p.args());
        wire.put("kwargs", p.kwargs());
        if (p.timeout() != null) {
          wire.put("timeout", p.timeout());
        }
      }
      case Instruction.PressStaticAssets p -> {
        wire.put("preprocessor", Instruction.PressStaticAssets.NAME);
        wire.put("template", p.template());
        wire.put("assets", p.assets());
      }
    }
    return wire;
  }

  /** {@code {"job_id", "targets"}}. */
  public static Map<String, Object> toWire(CreateJobReply reply) {
    Map<String, Object> wire = kwargs("job_id", reply.jobId());
    wire.put("targets", reply.targets());
    return wire;
  }

  /** The job document followed by {@code has_failures} and {@code tasks: [{task_id, status, mercury_id}]}. */
  public static Map<String, Object> toWire(JobStatus status) {
    Map<String, Object> wire = new LinkedHashMap<>(status.job().document());
    wire.put("has_failures", status.hasFailures());
    List<Map<String, Object>> tasks = new ArrayList<>(status.tasks().size());
    for (TaskSummary t : status.tasks()) {
      Map<String, Object> brief = kwargs("task_id", t.taskId());
      brief.put("status", t.status());
      brief.put("mercury_id", t.mercuryId());
      tasks.add(brief);
    }
    wire.put("tasks", tasks);
    return wire;
  }

  /** {@code {"count", "tasks"}}. */
  public static Map<String, Object> toWire(TaskList list) {
    Map<String, Object> wire = kwargs("count", list.count());
    wire.put("tasks", list.tasks().stream().map(TaskDocument::document).toList());
    return wire;
  }

  /** {@code {"count", "jobs"}}. */
  public static Map<String, Object> toWire(JobList list) {
    Map<String, Object> wire = kwargs("count", list.count());
    wire.put("jobs", list.jobs().stream().map(JobDocument::document).toList());
    return wire;
  }

  /** {@code {"job_id", "cancelled"}}. */
  public static Map<String, Object> toWire(CancelJobReply reply) {
    Map<String, Object> wire = kwargs("job_id", reply.jobId());
    wire.put("cancelled", reply.cancelled());
    return wire;
  }

  /** The reply of {@code create_job}: empty when no active device matched. */
  public static Optional<CreateJobReply> createJobReply(Object message) throws UnexpectedReplyException {
    if (message == null) {
      return Optional.empty();
    }
    Map<String, Object> map = map(FrontendEndpoint.CREATE_JOB, message);
    if (!(map.get("job_id") instanceof String jobId) || !(map.get("targets") instanceof Number targets)) {
      throw unexpected(FrontendEndpoint.CREATE_JOB, message);
    }
    return Optional.of(new CreateJobReply(jobId, targets.longValue()));
  }

  /** The reply of {@code get_job}: the job, empty when there is no such job. */
  public static Optional<JobDocument> job(Object message) throws UnexpectedReplyException {
    return message == null ? Optional.empty() : Optional.of(new JobDocument(map(FrontendEndpoint.GET_JOB, message)));
  }

  /** The reply of {@code get_task}: the task, empty when there is no such task. */
  public static Optional<TaskDocument> task(Object message) throws UnexpectedReplyException {
    return message == null ? Optional.empty() : Optional.of(new TaskDocument(map(FrontendEndpoint.GET_TASK, message)));
  }

  /**
   * The reply of {@code get_job_status}, empty when there is no such job. A missing {@code has_failures}
   * reads as false and a missing {@code tasks} as none; a task summary's fields that are not strings as null.
   */
  public static Optional<JobStatus> jobStatus(Object message) throws UnexpectedReplyException {
    if (message == null) {
      return Optional.empty();
    }
    FrontendEndpoint endpoint = FrontendEndpoint.GET_JOB_STATUS;
    Map<String, Object> map = map(endpoint, message);
    Object rawTasks = map.get("tasks");
    if (rawTasks != null && !(rawTasks instanceof List<?>)) {
      throw unexpected(endpoint, message);
    }
    List<TaskSummary> tasks = new ArrayList<>();
    for (Object item : rawTasks == null ? List.of() : (List<?>) rawTasks) {
      Map<String, Object> t = map(endpoint, item);
      tasks.add(new TaskSummary(Documents.string(t, "task_id"), Documents.string(t, "status"), Documents.string(t, "mercury_id")));
    }
    return Optional.of(new JobStatus(new JobDocument(map), Boolean.TRUE.equals(map.get("has_failures")), tasks));
  }

  /** The reply of {@code get_job_tasks} or {@code get_active_tasks_by_mercury_id}; a missing {@code count} is the list's size. */
  public static TaskList taskList(FrontendEndpoint endpoint, Object message) throws UnexpectedReplyException {
    List<Map<String, Object>> items = items(endpoint, message, "tasks");
    return new TaskList(count(message, items), items.stream().map(TaskDocument::new).toList());
  }

  /** The reply of {@code get_jobs}; a missing {@code count} is the list's size. */
  public static JobList jobList(Object message) throws UnexpectedReplyException {
    List<Map<String, Object>> items = items(FrontendEndpoint.GET_JOBS, message, "jobs");
    return new JobList(count(message, items), items.stream().map(JobDocument::new).toList());
  }

  /** The reply of {@code cancel_job} for {@code jobId}; a missing {@code job_id} is the one asked for. */
  public static CancelJobReply cancelJobReply(String jobId, Object message) throws UnexpectedReplyException {
    Map<String, Object> map = map(FrontendEndpoint.CANCEL_JOB, message);
    if (!(map.get("cancelled") instanceof Number cancelled)) {
      throw unexpected(FrontendEndpoint.CANCEL_JOB, message);
    }
    return new CancelJobReply(map.get("job_id") instanceof String id ? id : jobId, cancelled.longValue());
  }

  /** The reply of {@code find_ids}: the ids, in id order. */
  public static List<String> ids(Object message) throws UnexpectedReplyException {
    if (!(message instanceof List<?> list)) {
      throw unexpected(FrontendEndpoint.FIND_IDS, message);
    }
    return list.stream().map(String::valueOf).toList();
  }

  private static List<Map<String, Object>> items(FrontendEndpoint endpoint, Object message, String key)
      throws UnexpectedReplyException {
    if (!(map(endpoint, message).get(key) instanceof List<?> raw)) {
      throw unexpected(endpoint, message);
    }
    List<Map<String, Object>> items = new ArrayList<>(raw.size());
    for (Object item : raw) {
      items.add(map(endpoint, item));
    }
    return items;
  }

  private static long count(Object message, List<?> items) {
    return ((Map<?, ?>) message).get("count") instanceof Number n ? n.longValue() : items.size();
  }

  private static Map<String, Object> projection(Map<String, Object> projection) {
    return projection == null ? new LinkedHashMap<>() : kwargs("projection", projection);
  }

  private static Map<String, Object> kwargs(String key, Object value) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(key, value);
    return map;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(FrontendEndpoint endpoint, Object message) throws UnexpectedReplyException {
    if (message instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw unexpected(endpoint, message);
  }

  private static UnexpectedReplyException unexpected(FrontendEndpoint endpoint, Object message) {
    return new UnexpectedReplyException(SERVICE, endpoint.wireName(), message);
  }
}
