package io.mercury.rpc.frontend;

import static io.mercury.rpc.model.TaskDocs.*;

import com.mongodb.client.model.Filters;
import io.mercury.common.dispatch.EndpointException;
import io.mercury.common.logging.LogKeys;
import io.mercury.common.logging.LogScope;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.TransportException;
import io.mercury.rpc.instruction.InstructionException;
import io.mercury.rpc.instruction.Instructions;
import io.mercury.rpc.model.TaskStatus;
import io.mercury.rpc.store.RpcStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the frontend does with jobs: create one from a query and an instruction, report on it, cancel
 * it. The endpoints are a thin layer over this.
 */
final class JobService {
  private static final Logger log = LoggerFactory.getLogger(JobService.class);

  private final RpcStore store;
  private final TargetFinder targets;
  private final Instructions instructions;
  private final JobFactory factory;
  private final BackendNotifier backends;

  JobService(
      RpcStore store,
      TargetFinder targets,
      Instructions instructions,
      JobFactory factory,
      BackendNotifier backends) {
    this.store = store;
    this.targets = targets;
    this.instructions = instructions;
    this.factory = factory;
    this.backends = backends;
  }

  /** Creates a job; returns {@code {job_id, targets}}, or null when no active device matches. */
  Map<String, Object> create(Map<String, Object> query, Map<String, Object> instruction, String requestedBy)
      throws TransportException, RemoteException {
    return create(query, instruction, requestedBy, false);
  }

  /**
   * As above; with {@code unlessNoneCan}, a job whose every target refuses the call at once (a method
   * no target offers, arguments it does not take) is not created: the reply is the refusal. Mercury's
   * mcli asks for this; original clients, which do not, keep a job of per-target errors.
   */
  Map<String, Object> create(Map<String, Object> query, Map<String, Object> instruction, String requestedBy, boolean unlessNoneCan)
      throws TransportException, RemoteException {
    Instructions.Plan plan;
    try {
      plan = instructions.plan(instruction);
    } catch (InstructionException e) {
      throw new EndpointException(e.getMessage());
    }
    List<Target> found;
    try {
      found = targets.find(query);
    } catch (RemoteException e) {
      throw new EndpointException("the inventory refused the query: " + e.getMessage());
    }
    if (found.isEmpty()) {
      log.info("create_job: no active device matches {}", query);
      return null;
    }
    JobPlan plan0;
    try {
      plan0 = factory.build(query, instruction, requestedBy, plan, found);
    } catch (InstructionException e) {
      throw new EndpointException(e.getMessage());
    }
    if (unlessNoneCan && plan0.openTasksByBackend().values().stream().allMatch(List::isEmpty)) {
      String reason = String.valueOf(plan0.tasks().getFirst().get("reason"));
      throw new EndpointException(
          "no job created: none of the " + found.size() + " target(s) can run it; "
              + (found.size() == 1 ? reason : "the first says: " + reason));
    }
    store.insertJob(plan0.job(), plan0.tasks());
    try (LogScope scope = LogScope.of(LogKeys.JOB_ID, plan0.jobId())) {
      log.info(
          "job created for {}: {} target(s), {} refused at once, method {}, by {}",
          query,
          found.size(),
          found.size() - plan0.openTasksByBackend().values().stream().mapToInt(List::size).sum(),
          instruction.getOrDefault("method", instruction.get("preprocessor")),
          requestedBy);
      plan0.openTasksByBackend().forEach(backends::enqueue);
    }
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put(JOB_ID, plan0.jobId());
    reply.put("targets", (long) found.size());
    return reply;
  }

  Optional<Document> job(String jobId, Map<String, Object> projection) {
    return store.job(jobId, projection);
  }

  /** The job plus {@code has_failures} and each task's id and status, or null. */
  Document status(String jobId) {
    Document job = store.job(jobId, null).orElse(null);
    if (job == null) {
      return null;
    }
    List<Document> tasks = store.tasksOfJob(jobId, Map.of(TASK_ID, 1, STATUS, 1, MERCURY_ID, 1));
    job.append("has_failures", tasks.stream().anyMatch(t -> TaskStatus.parse(t.getString(STATUS)).isFailure()));
    List<Document> brief = new ArrayList<>();
    for (Document t : tasks) {
      brief.add(new Document(TASK_ID, t.getString(TASK_ID)).append(STATUS, t.getString(STATUS)).append(MERCURY_ID, t.getString(MERCURY_ID)));
    }
    return job.append("tasks", brief);
  }

  Map<String, Object> tasks(String jobId, Map<String, Object> projection) {
    List<Document> tasks = store.tasksOfJob(jobId, projection);
    return Map.of("count", (long) tasks.size(), "tasks", tasks);
  }

  Map<String, Object> jobs(Map<String, Object> projection, long limit) {
    if (limit < 0) {
      throw new EndpointException("limit must not be negative");
    }
    Map<String, Object> p = projection == null ? Map.of(INSTRUCTION + ".template", 0, INSTRUCTION + ".assets", 0) : projection;
    List<Document> jobs = store.jobs(p, (int) Math.min(limit, Integer.MAX_VALUE));
    return Map.of("count", (long) jobs.size(), "jobs", jobs);
  }

  Map<String, Object> activeTasksOf(String mercuryId) {
    List<Document> tasks = store.openTasks(Filters.eq(MERCURY_ID, mercuryId));
    return Map.of("count", (long) tasks.size(), "tasks", tasks);
  }

  /** Cancels every open task of a job; returns {@code {job_id, cancelled}}. */
  Map<String, Object> cancel(String jobId, String requestedBy) {
    if (store.job(jobId, Map.of(ID, 1)).isEmpty()) {
      throw new EndpointException("no job " + jobId);
    }
    String who = requestedBy == null ? "an operator" : requestedBy;
    store.markCancelled(jobId, who);
    Map<String, List<String>> running = new LinkedHashMap<>();
    long cancelled = 0;
    // Queued together, so the store writes them in a few batches rather than one batch per task.
    List<Document> open = store.openTasks(Filters.eq(JOB_ID, jobId));
    List<CompletableFuture<Optional<TaskStatus>>> queued = new ArrayList<>(open.size());
    for (Document t : open) {
      queued.add(store.transitionAsync(t.getString(ID), TaskStatus.OPEN, TaskStatus.CANCELLED, Map.of(ACTION, "Cancelled"), "cancelled by " + who));
    }
    for (int i = 0; i < open.size(); i++) {
      if (joined(queued.get(i)).isPresent()) {
        cancelled++;
        if (open.get(i).get("backend_address") instanceof String backend) {
          running.computeIfAbsent(backend, k -> new ArrayList<>()).add(open.get(i).getString(ID));
        }
      }
    }
    try (LogScope scope = LogScope.of(LogKeys.JOB_ID, jobId)) {
      log.info("job cancelled by {}: {} open task(s) cancelled", who, cancelled);
      running.forEach(backends::cancel);
    }
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put(JOB_ID, jobId);
    reply.put("cancelled", cancelled);
    return reply;
  }

  private static Optional<TaskStatus> joined(CompletableFuture<Optional<TaskStatus>> transition) {
    try {
      return transition.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
