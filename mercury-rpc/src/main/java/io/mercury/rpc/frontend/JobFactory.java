package io.mercury.rpc.frontend;

import io.mercury.common.protocol.TaskStatus;
import io.mercury.rpc.instruction.InstructionException;
import io.mercury.rpc.instruction.Instructions;
import io.mercury.rpc.model.Job;
import io.mercury.rpc.model.Task;
import io.mercury.rpc.model.TaskCall;
import io.mercury.rpc.model.ZmqAddress;
import io.mercury.rpc.store.JobCounters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Builds a job and one task per target (docs/protocol.md, "RPC frontend"). A target that cannot run the call (it
 * does not advertise the method, the arguments do not fit the capability's declaration, or its
 * registration lacks an address or a backend) gets a task that is failed at once with that reason, so
 * the operator sees it in the job instead of waiting for a timeout.
 */
final class JobFactory {
  private final Supplier<UUID> ids;
  private final Supplier<Double> clock;

  JobFactory(Supplier<UUID> ids, Supplier<Double> clock) {
    this.ids = ids;
    this.clock = clock;
  }

  /**
   * A job about to be created: its id, its creation time, and the job stored before its first
   * tasks, with no task counted yet and the creation hold ({@link JobCounters#CREATING}) in {@code remaining}.
   */
  record NewJob(String jobId, double now, Job job) {}

  /**
   * One page of a job's tasks, ready to be stored.
   *
   * @param tasks the tasks, one per target, in target order
   * @param openByBackend the ids of the tasks to dispatch, by the address of the backend that dispatches them
   * @param open how many tasks are to be dispatched
   * @param refused how many tasks were failed at once (the target cannot run the call)
   * @param firstRefusal why the first refused task was refused, or null
   */
  record TaskPage(
      List<Task> tasks, Map<String, List<String>> openByBackend, long open, long refused, String firstRefusal) {}

  NewJob start(Map<String, Object> query, Map<String, Object> instruction, String requestedBy) {
    String jobId = ids.get().toString();
    double now = clock.get();
    Map<String, Long> counts = new LinkedHashMap<>();
    JobCounters.emptyCounts().keySet().forEach(status -> counts.put(status, 0L));
    Job job = new Job(jobId, instruction, query, requestedBy, 0L, 1L, counts, false, jobId, now, now, now, null, null);
    return new NewJob(jobId, now, job);
  }

  /** The tasks of {@code targets} for the job: open ones for targets that can run the call, failed ones for the rest. */
  TaskPage tasks(NewJob job, Instructions.Plan plan, List<Target> targets) throws InstructionException {
    List<Task> tasks = new ArrayList<>(targets.size());
    Map<String, List<String>> byBackend = new LinkedHashMap<>();
    long open = 0;
    String firstRefusal = null;
    for (Target target : targets) {
      TaskCall call = plan.callFor(target.mercuryId());
      Task task = task(job.jobId(), target, call, job.now());
      String refusal = refusal(target, call);
      if (refusal == null) {
        open++;
        byBackend.computeIfAbsent(task.backendAddress(), k -> new ArrayList<>()).add(task.taskId());
      } else {
        task = task.refused(refusal, job.now());
        firstRefusal = firstRefusal == null ? refusal : firstRefusal;
      }
      tasks.add(task);
    }
    return new TaskPage(tasks, byBackend, open, tasks.size() - open, firstRefusal);
  }

  private Task task(String jobId, Target target, TaskCall call, double now) {
    String taskId = ids.get().toString();
    Map<String, Object> active = target.active();
    Map<String, Object> origin = target.origin();
    String host = active.get("rpc_address") instanceof String h ? h : active.get("rpc_address6") instanceof String h6 ? h6 : null;
    Object originAddress = origin.get("address");
    Object originPort = origin.get("port");
    return new Task(
        taskId,
        jobId,
        target.mercuryId(),
        host,
        active.get("rpc_port"),
        origin.get("name") instanceof String name ? name : null,
        originAddress instanceof String a && originPort instanceof Number p ? ZmqAddress.tcp(a, p.longValue()) : null,
        call.method(),
        call.args(),
        call.kwargs(),
        timeout(call, descriptor(target, call.method())),
        TaskStatus.NEW,
        "New Task",
        0.0,
        Map.of(),
        null,
        null,
        now,
        null,
        null,
        now,
        null,
        null,
        List.of(new Task.Event(TaskStatus.NEW, now, null)));
  }

  /** Why this target cannot run the call, or null when it can. */
  private static String refusal(Target target, TaskCall call) {
    String id = target.mercuryId();
    Map<String, Object> active = target.active();
    if ((!(active.get("rpc_address") instanceof String) && !(active.get("rpc_address6") instanceof String))
        || !(active.get("rpc_port") instanceof Number)) {
      return id + " registered without an RPC address and port; it must register again";
    }
    if (!(target.origin().get("name") instanceof String)
        || !(target.origin().get("address") instanceof String)
        || !(target.origin().get("port") instanceof Number)) {
      return id + " has no backend (origin) to dispatch through; it must register again";
    }
    Map<String, Object> capabilities = capabilities(target);
    Map<String, Object> descriptor = descriptor(target, call.method());
    if (descriptor == null) {
      return id + " does not advertise method '" + call.method() + "' (it offers: " + String.join(", ", new TreeSet<>(capabilities.keySet())) + ")";
    }
    if (descriptor.get("num_args") instanceof Number n && n.intValue() != call.args().size()) {
      return "arguments for " + call.method() + " are not satisfied: it takes " + n.intValue()
          + " positional argument" + (n.intValue() == 1 ? "" : "s") + ", the instruction gives " + call.args().size();
    }
    if (descriptor.get("kwarg_names") instanceof List<?> names) {
      List<String> missing = names.stream().map(String::valueOf).filter(k -> !call.kwargs().containsKey(k)).toList();
      if (!missing.isEmpty()) {
        return "missing kwargs for " + call.method() + ": " + String.join(", ", missing);
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> capabilities(Target target) {
    return target.active().get("capabilities") instanceof Map<?, ?> c ? (Map<String, Object>) c : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> descriptor(Target target, String method) {
    return capabilities(target).get(method) instanceof Map<?, ?> d ? (Map<String, Object>) d : null;
  }

  /** The instruction's timeout, else the capability's; null when neither sets a positive one. */
  private static Double timeout(TaskCall call, Map<String, Object> descriptor) {
    if (call.timeout() != null) {
      return call.timeout();
    }
    if (descriptor != null && descriptor.get("timeout") instanceof Number n && n.doubleValue() > 0) {
      return n.doubleValue();
    }
    return null;
  }
}
