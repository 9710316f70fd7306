package io.mercury.rpc.frontend;

import io.mercury.common.dispatch.EndpointException;
import io.mercury.rpc.instruction.InstructionException;
import io.mercury.rpc.instruction.Instructions;
import io.mercury.rpc.store.JobCounters;
import io.mercury.rpc.store.RpcStore;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job being created from its targets, a page at a time, so its first tasks are dispatched while the
 * inventory is still reading the rest.
 *
 * <p>The job document is stored with the first page that is stored, marked as being created ({@link
 * JobCounters#CREATING}, which holds its completion back). Each page is then counted into the job, stored
 * with one bulk insert, and its open tasks handed to their backends; a page stored after the job was
 * cancelled has its open tasks cancelled instead. {@link #finish} ends the creation, {@link #abort} ends
 * it early (the tasks stored so far are cancelled). With {@code unlessNoneCan}, pages whose every target
 * refuses the call are kept back until a page with a task to run arrives: when none does, nothing is
 * stored and the caller gets the refusal.
 */
final class JobCreation {
  private static final Logger log = LoggerFactory.getLogger(JobCreation.class);

  private final RpcStore store;
  private final BackendNotifier backends;
  private final JobCanceller canceller;
  private final JobFactory factory;
  private final JobFactory.NewJob job;
  private final Instructions.Plan plan;
  private final boolean unlessNoneCan;
  private final List<JobFactory.TaskPage> keptBack = new ArrayList<>();
  private boolean stored;
  private long targets;
  private long refused;
  private String firstRefusal;

  JobCreation(
      RpcStore store,
      BackendNotifier backends,
      JobCanceller canceller,
      JobFactory factory,
      JobFactory.NewJob job,
      Instructions.Plan plan,
      boolean unlessNoneCan) {
    this.store = store;
    this.backends = backends;
    this.canceller = canceller;
    this.factory = factory;
    this.job = job;
    this.plan = plan;
    this.unlessNoneCan = unlessNoneCan;
  }

  String jobId() {
    return job.jobId();
  }

  /** How many targets have been added so far. */
  long targets() {
    return targets;
  }

  /** How many of them were refused at once. */
  long refused() {
    return refused;
  }

  /** Whether the job document has been stored (and the job can be seen and cancelled). */
  boolean stored() {
    return stored;
  }

  /** Builds the tasks of a page of targets and stores and dispatches them (or keeps them back, see above). */
  void add(List<Target> page) {
    JobFactory.TaskPage tasks;
    try {
      tasks = factory.tasks(job, plan, page);
    } catch (InstructionException e) {
      throw new EndpointException(e.getMessage());
    }
    targets += page.size();
    refused += tasks.refused();
    if (firstRefusal == null) {
      firstRefusal = tasks.firstRefusal();
    }
    if (!stored) {
      if (unlessNoneCan && tasks.open() == 0) {
        keptBack.add(tasks);
        return;
      }
      store.insertJob(job.job(), List.of());
      stored = true;
      for (JobFactory.TaskPage kept : keptBack) {
        store(kept);
      }
      keptBack.clear();
    }
    store(tasks);
  }

  private void store(JobFactory.TaskPage tasks) {
    // counted before they are stored: a task that ends at once cannot take the counters below what is open
    store.countNewTasks(job.jobId(), tasks.open(), tasks.refused());
    store.insertTasks(tasks.tasks());
    if (tasks.open() == 0) {
      return;
    }
    // A cancel that came before this read finds this page's tasks (stored above) or is seen here.
    if (store.cancelled(job.jobId())) {
      long cancelled = canceller.cancelOpenTasks(job.jobId(), "the cancel of the job while it was being created");
      log.info("{} task(s) of a page cancelled as they were stored: the job was cancelled while it was being created", cancelled);
      return;
    }
    tasks.openByBackend().forEach(backends::enqueue);
  }

  /**
   * Ends the creation once every target has a task.
   *
   * @return the job id and the number of targets, or null when the query matched no active device
   * @throws EndpointException with {@code unlessNoneCan}, when no target can run the call (nothing was stored)
   */
  JobResult finish() {
    if (!stored) {
      if (targets == 0) {
        return null;
      }
      throw new EndpointException(
          "no job created: none of the " + targets + " target(s) can run it; "
              + (targets == 1 ? firstRefusal : "the first says: " + firstRefusal));
    }
    store.finishCreating(job.jobId(), job.jobId(), null);
    return new JobResult(job.jobId(), targets, refused);
  }

  /**
   * Ends the creation early, after {@code why} stopped it: the tasks stored so far are cancelled and the
   * job says why it has fewer tasks than targets.
   *
   * @return the error for the caller, naming the job when one was stored
   */
  EndpointException abort(String why) {
    if (!stored) {
      return new EndpointException(why);
    }
    String note = "job creation stopped after " + targets + " target(s): " + why;
    try {
      store.markCancelled(job.jobId(), "the frontend (" + note + ")");
      canceller.cancelOpenTasks(job.jobId(), "the frontend: " + note);
    } finally {
      store.finishCreating(job.jobId(), job.jobId(), note);
    }
    return new EndpointException("job " + job.jobId() + " was cancelled: " + note);
  }

  /** A created job: its id, how many targets it has, and how many of them refused the call at once. */
  record JobResult(String jobId, long targets, long refused) {}
}
