package io.mercury.rpc.store;

import static io.mercury.rpc.model.TaskDocs.*;

import io.mercury.common.dispatch.EndpointException;
import io.mercury.common.dispatch.PermissionDeniedException;
import io.mercury.common.dispatch.TryAgainException;
import io.mercury.common.protocol.TaskStatus;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies what an agent reports about a task (docs/protocol.md, "RPC backend") to the store: {@code update_task} (the
 * task started, or progress) and {@code complete_task} (its result). Both are idempotent: a report for
 * a task that is unknown or already finished changes nothing and says why, so an agent that resends a
 * result after a lost reply is acknowledged instead of retrying forever.
 *
 * <p>Unlike the original, only known fields are written: an agent cannot overwrite a task's identity,
 * target or history.
 */
public final class TaskReports {
  private static final Set<String> PROGRESS_FIELDS = Set.of(ACTION, PROGRESS, TIME_STARTED);
  private static final Set<TaskStatus> STARTABLE = EnumSet.of(TaskStatus.NEW, TaskStatus.DISPATCHED);

  private final RpcStore store;
  private final Function<String, String> knownTargets;

  public TaskReports(RpcStore store) {
    this(store, taskId -> null);
  }

  /**
   * @param knownTargets the device a task was dispatched to, when the caller already knows it (the
   *     backend's open tasks), else null: a report is then checked without reading the task (a task's
   *     device never changes)
   */
  public TaskReports(RpcStore store, Function<String, String> knownTargets) {
    this.store = store;
    this.knownTargets = knownTargets;
  }

  /**
   * What became of a report.
   *
   * @param recorded the final status written, for an applied {@code complete_task}; else null
   */
  public record Outcome(String taskId, boolean applied, String note, TaskStatus recorded) {
    Outcome(String taskId, boolean applied, String note) {
      this(taskId, applied, note, null);
    }

    /** Whether a final status other than SUCCESS was written (the operator wants to see it). */
    public boolean recordedAFailure() {
      return recorded != null && recorded != TaskStatus.SUCCESS;
    }

    public Map<String, Object> toWire() {
      Map<String, Object> wire = new LinkedHashMap<>();
      wire.put(TASK_ID, taskId);
      wire.put("applied", applied);
      if (note != null) {
        wire.put("ignored", note);
      }
      return wire;
    }
  }

  /**
   * {@code update_task}: {@code status: STARTED} moves a new or dispatched task to STARTED; progress
   * fields ({@code action}, {@code progress}) are set on an open task.
   */
  public Outcome update(Map<String, Object> data) {
    return update(data, null);
  }

  /**
   * As {@link #update(Map)}, from the agent bound to device {@code reporter} (null: unauthenticated).
   *
   * @throws PermissionDeniedException when the task was dispatched to another device
   */
  public Outcome update(Map<String, Object> data, String reporter) {
    String taskId = taskId(data);
    checkReporter(taskId, reporter);
    Map<String, Object> fields = new LinkedHashMap<>();
    data.forEach(
        (k, v) -> {
          if (PROGRESS_FIELDS.contains(k)) {
            fields.put(k, v);
          }
        });
    if (data.get(PROGRESS) != null && !(data.get(PROGRESS) instanceof Number)) {
      throw new EndpointException("progress must be a number between 0 and 1");
    }
    Object status = data.get(STATUS);
    if (status != null) {
      TaskStatus s = parse(status);
      if (s != TaskStatus.STARTED) {
        throw new EndpointException(
            "update_task can only report STARTED; report " + s + " with complete_task");
      }
      Optional<TaskStatus> left = store.transition(taskId, STARTABLE, TaskStatus.STARTED, fields, null);
      if (left.isPresent()) {
        return new Outcome(taskId, true, null);
      }
    }
    if (!fields.isEmpty() && store.updateOpenTask(taskId, fields)) {
      return new Outcome(taskId, true, null);
    }
    return new Outcome(taskId, false, whyNot(taskId));
  }

  /** {@code complete_task}: the task ends with the reported status and result. */
  public Outcome complete(Map<String, Object> data) {
    return complete(data, null);
  }

  /**
   * As {@link #complete(Map)}, from the agent bound to device {@code reporter} (null: unauthenticated).
   *
   * @throws PermissionDeniedException when the task was dispatched to another device
   */
  public Outcome complete(Map<String, Object> data, String reporter) {
    String taskId = taskId(data);
    checkReporter(taskId, reporter);
    if (!data.containsKey(STATUS) || !data.containsKey(MESSAGE)) {
      throw new EndpointException("Message is missing required data: [status, message]");
    }
    TaskStatus status = parse(data.get(STATUS));
    if (!status.isTerminal()) {
      throw new EndpointException(
          "complete_task needs a final status (SUCCESS, ERROR, TIMEOUT, CANCELLED), not " + status);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(MESSAGE, data.get(MESSAGE));
    fields.put(TRACEBACK, data.get(TRACEBACK));
    fields.put(ACTION, data.get(ACTION) instanceof String a ? a : "");
    if (data.get(TIME_STARTED) instanceof Number started) {
      fields.put("agent_time_started", started.doubleValue());
    }
    if (data.get(TIME_COMPLETED) instanceof Number completed) {
      fields.put("agent_time_completed", completed.doubleValue());
    }
    fields.put(PROGRESS, 1.0);
    Long exitStatus = data.get(MESSAGE) instanceof Map<?, ?> m && m.get("returncode") instanceof Number rc ? rc.longValue() : null;
    if (status == TaskStatus.SUCCESS && exitStatus != null && exitStatus != 0) {
      // the agent ran the command, which failed: a failure wherever an operator counts (job counts,
      // rpc jobs, summaries, exit codes, failure budgets); the agent's message is kept as it came
      status = TaskStatus.ERROR;
    }
    String reason =
        status == TaskStatus.SUCCESS
            ? null
            : exitStatus != null && exitStatus != 0 && !(data.get(REASON) instanceof String)
                ? "the command exited with status " + exitStatus
                : reasonOf(status, data);
    Optional<TaskStatus> left = store.transitions(taskId, steps(data, status, fields, reason)).getLast();
    if (left.isPresent()) {
      return new Outcome(taskId, true, null, status);
    }
    if (stillOpen(taskId)) {
      // The task changed between the read and the write, yet did not end: refusing would make the
      // agent drop a result no one recorded. Not acknowledged, so the agent sends it again.
      throw new TryAgainException("task " + taskId + " changed while its result was recorded", null);
    }
    repairJobOf(taskId);
    return new Outcome(taskId, false, whyNot(taskId));
  }

  /**
   * The result's transition, preceded by STARTED when the report says when the task started: a task
   * still NEW or DISPATCHED in the store (its agent sent the result without a separate {@code
   * update_task}, or that report was lost) gets the same STARTED, {@code time_started} and history entry
   * a separate report writes, in the same update as its result. A task already STARTED skips that step.
   */
  private static List<TransitionWriter.Step> steps(Map<String, Object> data, TaskStatus status, Map<String, Object> fields, String reason) {
    TransitionWriter.Step result = new TransitionWriter.Step(TaskStatus.OPEN, status, fields, reason);
    if (!(data.get(TIME_STARTED) instanceof Number started)) {
      return List.of(result);
    }
    return List.of(new TransitionWriter.Step(STARTABLE, TaskStatus.STARTED, Map.of(TIME_STARTED, started.doubleValue()), null), result);
  }

  /** A task's reports come only from the agent of the device it was dispatched to. */
  private void checkReporter(String taskId, String reporter) {
    if (reporter == null) {
      return;
    }
    String known = knownTargets.apply(taskId);
    Optional<String> target = known != null ? Optional.of(known) : store.task(taskId).map(t -> (String) t.get(MERCURY_ID));
    target
        .filter(t -> !t.equals(reporter))
        .ifPresent(
            t -> {
              throw new PermissionDeniedException(
                  "task " + taskId + " was dispatched to device " + t + "; device " + reporter + " cannot report it");
            });
  }


  private boolean stillOpen(String taskId) {
    return store.task(taskId).filter(t -> !TaskStatus.parse((String) t.get(STATUS)).isTerminal()).isPresent();
  }

  /**
   * A result sent again for a task already terminal means its agent never saw the acknowledgement:
   * the backend that wrote the task may have died before it moved the job's counters (kill -9 between
   * the two writes left the job open for ever, chaos test). Recount the job from its tasks.
   */
  private void repairJobOf(String taskId) {
    store
        .task(taskId)
        .filter(t -> TaskStatus.parse((String) t.get(STATUS)).isTerminal() && t.get(JOB_ID) != null)
        .ifPresent(t -> store.recount((String) t.get(JOB_ID)));
  }

  private static String reasonOf(TaskStatus status, Map<String, Object> data) {
    if (data.get(REASON) instanceof String r) {
      return r;
    }
    if (data.get(TRACEBACK) instanceof Map<?, ?> tb && tb.get("exc_value") != null) {
      return "the capability raised " + tb.get("exc_type") + ": " + tb.get("exc_value");
    }
    if (data.get(MESSAGE) instanceof Map<?, ?> m && m.get("message") instanceof String text) {
      return text;
    }
    return "the agent reported " + status;
  }

  private String whyNot(String taskId) {
    return store
        .task(taskId)
        .map(t -> "task " + taskId + " is already " + (String) t.get(STATUS))
        .orElse("no task " + taskId);
  }

  private static String taskId(Map<String, Object> data) {
    if (!(data.get(TASK_ID) instanceof String id) || id.isBlank()) {
      throw new EndpointException("task_id is missing from request");
    }
    return id;
  }

  private static TaskStatus parse(Object status) {
    try {
      return TaskStatus.parse(status);
    } catch (IllegalArgumentException e) {
      throw new EndpointException(e.getMessage());
    }
  }
}
