package io.mercury.rpc.store;

import static io.mercury.rpc.model.TaskDocs.*;

import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.protocol.backend.ReportReply;
import io.mercury.common.protocol.backend.TaskCompletion;
import io.mercury.common.protocol.backend.TaskUpdate;
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

    /** The reply to the agent: {@code {"task_id", "applied"}}, with {@code ignored} when it changed nothing. */
    public ReportReply reply() {
      return new ReportReply(taskId, applied, note);
    }
  }

  /**
   * {@code update_task}: {@code status: STARTED} moves a new or dispatched task to STARTED; progress
   * fields ({@code action}, {@code progress}) are set on an open task.
   */
  public Outcome update(TaskUpdate update) {
    String taskId = update.taskId();
    Map<String, Object> fields = new LinkedHashMap<>();
    putIfSet(fields, ACTION, update.action());
    putIfSet(fields, PROGRESS, update.progress());
    putIfSet(fields, TIME_STARTED, update.timeStarted());
    if (update.status() == TaskStatus.STARTED) {
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

  /**
   * {@code complete_task}: the task ends with the reported status and result.
   *
   * @throws ChangedWhileRecording when the task changed between the read and the write yet did not end:
   *     the result is not recorded and should be sent again
   */
  public Outcome complete(TaskCompletion completion) {
    String taskId = completion.taskId();
    TaskStatus status = completion.status();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(MESSAGE, completion.message());
    fields.put(TRACEBACK, completion.traceback());
    fields.put(ACTION, completion.action() == null ? "" : completion.action());
    putIfSet(fields, "agent_time_started", completion.timeStarted());
    putIfSet(fields, "agent_time_completed", completion.timeCompleted());
    fields.put(PROGRESS, 1.0);
    Long exitStatus =
        completion.message() instanceof Map<?, ?> m && m.get("returncode") instanceof Number rc ? rc.longValue() : null;
    if (status == TaskStatus.SUCCESS && exitStatus != null && exitStatus != 0) {
      // the agent ran the command, which failed: a failure wherever an operator counts (job counts,
      // rpc jobs, summaries, exit codes, failure budgets); the agent's message is kept as it came
      status = TaskStatus.ERROR;
    }
    String reason =
        status == TaskStatus.SUCCESS
            ? null
            : exitStatus != null && exitStatus != 0 && completion.reason() == null
                ? "the command exited with status " + exitStatus
                : reasonOf(status, completion);
    Optional<TaskStatus> left = store.transitions(taskId, steps(completion, status, fields, reason)).getLast();
    if (left.isPresent()) {
      return new Outcome(taskId, true, null, status);
    }
    if (stillOpen(taskId)) {
      // The task changed between the read and the write, yet did not end: refusing would make the
      // agent drop a result no one recorded. Not acknowledged, so the agent sends it again.
      throw new ChangedWhileRecording("task " + taskId + " changed while its result was recorded");
    }
    repairJobOf(taskId);
    return new Outcome(taskId, false, whyNot(taskId));
  }

  /** A result that could not be recorded because its task changed meanwhile, yet did not end: to be sent again. */
  public static final class ChangedWhileRecording extends RuntimeException {
    ChangedWhileRecording(String message) {
      super(message);
    }
  }

  /**
   * The device task {@code taskId} was dispatched to: from the caller's open tasks when it knows them,
   * else from the store (a task's device never changes); empty for an unknown task.
   */
  public Optional<String> dispatchedTo(String taskId) {
    String known = knownTargets.apply(taskId);
    return known != null ? Optional.of(known) : store.task(taskId).map(t -> (String) t.get(MERCURY_ID));
  }

  /**
   * The result's transition, preceded by STARTED when the report says when the task started: a task
   * still NEW or DISPATCHED in the store (its agent sent the result without a separate {@code
   * update_task}, or that report was lost) gets the same STARTED, {@code time_started} and history entry
   * a separate report writes, in the same update as its result. A task already STARTED skips that step.
   */
  private static List<TransitionWriter.Step> steps(
      TaskCompletion completion, TaskStatus status, Map<String, Object> fields, String reason) {
    TransitionWriter.Step result = new TransitionWriter.Step(TaskStatus.OPEN, status, fields, reason);
    if (completion.timeStarted() == null) {
      return List.of(result);
    }
    return List.of(
        new TransitionWriter.Step(STARTABLE, TaskStatus.STARTED, Map.of(TIME_STARTED, completion.timeStarted()), null), result);
  }

  private static void putIfSet(Map<String, Object> fields, String key, Object value) {
    if (value != null) {
      fields.put(key, value);
    }
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

  private static String reasonOf(TaskStatus status, TaskCompletion completion) {
    if (completion.reason() != null) {
      return completion.reason();
    }
    if (completion.traceback() instanceof Map<?, ?> tb && tb.get("exc_value") != null) {
      return "the capability raised " + tb.get("exc_type") + ": " + tb.get("exc_value");
    }
    if (completion.message() instanceof Map<?, ?> m && m.get("message") instanceof String text) {
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
}
