package io.mercury.rpc.frontend;

import static io.mercury.rpc.model.TaskDocs.*;

import io.mercury.common.dispatch.EndpointException;
import io.mercury.common.logging.LogKeys;
import io.mercury.common.logging.LogScope;
import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.protocol.frontend.CancelJobReply;
import io.mercury.common.protocol.frontend.CreateJobReply;
import io.mercury.common.protocol.frontend.FrontendRequest;
import io.mercury.common.protocol.frontend.JobDocument;
import io.mercury.common.protocol.frontend.JobList;
import io.mercury.common.protocol.frontend.JobStatus;
import io.mercury.common.protocol.frontend.TaskDocument;
import io.mercury.common.protocol.frontend.TaskList;
import io.mercury.common.protocol.frontend.TaskSummary;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.TransportException;
import io.mercury.rpc.instruction.InstructionException;
import io.mercury.rpc.instruction.Instructions;
import io.mercury.rpc.store.RpcStore;
import java.util.ArrayList;
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

  /**
   * Creates a job of {@code request} for {@code requestedBy}; empty when no active device matches. With
   * {@code unless_none_can}, a job whose every target refuses the call at once (a method
   * no target offers, arguments it does not take) is not created: the reply is the refusal. Mercury's
   * mcli asks for this; original clients, which do not, keep a job of per-target errors.
   *
   * <p>The targets are read a page at a time and each page's tasks are dispatched as soon as they are
   * stored ({@link JobCreation}); the reply comes once every target has its task.
   */
  Optional<CreateJobReply> create(FrontendRequest.CreateJob request, String requestedBy)
      throws TransportException, RemoteException {
    Instructions.Plan plan;
    try {
      plan = instructions.plan(request.instruction());
    } catch (InstructionException e) {
      throw new EndpointException(e.getMessage());
    }
    JobFactory.NewJob job = factory.start(request.query(), request.instruction(), requestedBy);
    JobCreation creation = new JobCreation(store, backends, canceller, factory, job, plan, request.unlessNoneCan());
    JobCreation.JobResult created;
    try (LogScope scope = LogScope.of(LogKeys.JOB_ID, job.jobId())) {
      try {
        targets.find(request.query(), creation::add);
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
        log.info("create_job: no active device matches {}", request.query());
        return Optional.empty();
      }
      log.info(
          "job created for {}: {} target(s), {} refused at once, method {}, by {}",
          request.query(),
          created.targets(),
          created.refused(),
          request.instruction().getOrDefault("method", request.instruction().get("preprocessor")),
          requestedBy);
    }
    return Optional.of(new CreateJobReply(created.jobId(), created.targets()));
  }

  Optional<JobDocument> job(String jobId, Map<String, Object> projection) {
    return store.job(jobId, projection).map(JobDocument::new);
  }

  Optional<TaskDocument> task(String taskId) {
    return store.task(taskId).map(TaskDocument::new);
  }

  /** The job plus {@code has_failures} and each task's id, status and device; empty when unknown. */
  Optional<JobStatus> status(String jobId) {
    Map<String, Object> job = store.job(jobId, null).orElse(null);
    if (job == null) {
      return Optional.empty();
    }
    List<Map<String, Object>> tasks = store.tasksOfJob(jobId, Map.of(TASK_ID, 1, STATUS, 1, MERCURY_ID, 1));
    boolean failures = tasks.stream().anyMatch(t -> TaskStatus.parse((String) t.get(STATUS)).isFailure());
    List<TaskSummary> brief = new ArrayList<>(tasks.size());
    for (Map<String, Object> t : tasks) {
      brief.add(new TaskSummary((String) t.get(TASK_ID), (String) t.get(STATUS), (String) t.get(MERCURY_ID)));
    }
    return Optional.of(new JobStatus(new JobDocument(job), failures, brief));
  }

  TaskList tasks(String jobId, Map<String, Object> projection) {
    return taskList(store.tasksOfJob(jobId, projection));
  }

  JobList jobs(Map<String, Object> projection, long limit) {
    if (limit < 0) {
      throw new EndpointException("limit must not be negative");
    }
    Map<String, Object> p = projection == null ? Map.of(INSTRUCTION + ".template", 0, INSTRUCTION + ".assets", 0) : projection;
    return JobList.of(store.jobs(p, (int) Math.min(limit, Integer.MAX_VALUE)).stream().map(JobDocument::new).toList());
  }

  TaskList activeTasksOf(String mercuryId) {
    return taskList(store.openTasksOnDevice(mercuryId));
  }

  private static TaskList taskList(List<Map<String, Object>> tasks) {
    return TaskList.of(tasks.stream().map(TaskDocument::new).toList());
  }

  /** Cancels every open task of a job. */
  CancelJobReply cancel(String jobId, String requestedBy) {
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
    return new CancelJobReply(jobId, cancelled);
  }
}
