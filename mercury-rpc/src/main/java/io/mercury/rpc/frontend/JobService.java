package io.mercury.rpc.frontend;

import static io.mercury.rpc.model.TaskDocs.*;

import io.mercury.common.dispatch.EndpointException;
import io.mercury.common.logging.LogKeys;
import io.mercury.common.logging.LogScope;
import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.TransportException;
import io.mercury.rpc.instruction.InstructionException;
import io.mercury.rpc.instruction.Instructions;
import io.mercury.rpc.store.RpcStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  private final JobCanceller canceller;

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
    this.canceller = new JobCanceller(store, backends);
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
   *
   * <p>The targets are read a page at a time and each page's tasks are dispatched as soon as they are
   * stored ({@link JobCreation}); the reply comes once every target has its task.
   */
  Map<String, Object> create(Map<String, Object> query, Map<String, Object> instruction, String requestedBy, boolean unlessNoneCan)
      throws TransportException, RemoteException {
    Instructions.Plan plan;
    try {
      plan = instructions.plan(instruction);
    } catch (InstructionException e) {
      throw new EndpointException(e.getMessage());
    }
    JobFactory.NewJob job = factory.start(query, instruction, requestedBy);
    JobCreation creation = new JobCreation(store, backends, canceller, factory, job, plan, unlessNoneCan);
    JobCreation.JobResult created;
    try (LogScope scope = LogScope.of(LogKeys.JOB_ID, job.jobId())) {
      try {
        targets.find(query, creation::add);
        created = creation.finish();
      } catch (RemoteException e) {
        throw creation.abort("the inventory refused the query: " + e.getMessage());
      } catch (TransportException e) {
        if (!creation.stored()) {
          throw e;
        }
        throw creation.abort("the inventory did not answer: " + e.getMessage());
      } catch (TargetFinder.TooManyTargets e) {
        throw creation.abort(e.getMessage());
      } catch (EndpointException e) {
        if (creation.stored()) {
          throw creation.abort(e.getMessage());
        }
        throw e;
      } catch (RuntimeException e) {
        if (creation.stored()) {
          creation.abort("the frontend failed: " + e);
        }
        throw e;
      }
      if (created == null) {
        log.info("create_job: no active device matches {}", query);
        return null;
      }
      log.info(
          "job created for {}: {} target(s), {} refused at once, method {}, by {}",
          query,
          created.targets(),
          created.refused(),
          instruction.getOrDefault("method", instruction.get("preprocessor")),
          requestedBy);
    }
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put(JOB_ID, created.jobId());
    reply.put("targets", created.targets());
    return reply;
  }

  Optional<Map<String, Object>> job(String jobId, Map<String, Object> projection) {
    return store.job(jobId, projection);
  }

  /** The job plus {@code has_failures} and each task's id and status, or null. */
  Map<String, Object> status(String jobId) {
    Map<String, Object> job = store.job(jobId, null).orElse(null);
    if (job == null) {
      return null;
    }
    List<Map<String, Object>> tasks = store.tasksOfJob(jobId, Map.of(TASK_ID, 1, STATUS, 1, MERCURY_ID, 1));
    job.put("has_failures", tasks.stream().anyMatch(t -> TaskStatus.parse((String) t.get(STATUS)).isFailure()));
    List<Map<String, Object>> brief = new ArrayList<>();
    for (Map<String, Object> t : tasks) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put(TASK_ID, t.get(TASK_ID));
      b.put(STATUS, t.get(STATUS));
      b.put(MERCURY_ID, t.get(MERCURY_ID));
      brief.add(b);
    }
    job.put("tasks", brief);
    return job;
  }

  Map<String, Object> tasks(String jobId, Map<String, Object> projection) {
    List<Map<String, Object>> tasks = store.tasksOfJob(jobId, projection);
    return Map.of("count", (long) tasks.size(), "tasks", tasks);
  }

  Map<String, Object> jobs(Map<String, Object> projection, long limit) {
    if (limit < 0) {
      throw new EndpointException("limit must not be negative");
    }
    Map<String, Object> p = projection == null ? Map.of(INSTRUCTION + ".template", 0, INSTRUCTION + ".assets", 0) : projection;
    List<Map<String, Object>> jobs = store.jobs(p, (int) Math.min(limit, Integer.MAX_VALUE));
    return Map.of("count", (long) jobs.size(), "jobs", jobs);
  }

  Map<String, Object> activeTasksOf(String mercuryId) {
    List<Map<String, Object>> tasks = store.openTasksOnDevice(mercuryId);
    return Map.of("count", (long) tasks.size(), "tasks", tasks);
  }

  /** Cancels every open task of a job; returns {@code {job_id, cancelled}}. */
  Map<String, Object> cancel(String jobId, String requestedBy) {
    if (store.job(jobId, Map.of(ID, 1)).isEmpty()) {
      throw new EndpointException("no job " + jobId);
    }
    String who = requestedBy == null ? "an operator" : requestedBy;
    store.markCancelled(jobId, who);
    long cancelled;
    try (LogScope scope = LogScope.of(LogKeys.JOB_ID, jobId)) {
      cancelled = canceller.cancelOpenTasks(jobId, who);
      log.info("job cancelled by {}: {} open task(s) cancelled", who, cancelled);
    }
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put(JOB_ID, jobId);
    reply.put("cancelled", cancelled);
    return reply;
  }
}
