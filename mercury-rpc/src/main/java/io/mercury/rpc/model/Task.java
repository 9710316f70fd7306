package io.mercury.rpc.model;

import io.mercury.common.protocol.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A task as stored in {@code rpc_tasks}: one target's share of a job. Each component is the stored
 * field of the same name in {@link TaskDocs} (the store's {@code TaskCodec} maps one to the other);
 * times are epoch seconds, and {@code ttlTimeCompleted} is the completion time the TTL index expires.
 *
 * <p>A task read back holds what these fields hold then; fields other writers add later (an agent's
 * result, the transition marker) are not part of the record. Fields absent from the stored document
 * are null, or empty for the collections.
 *
 * @param port the RPC port as the device registered it: a number when the registration is valid
 * @param backendAddress the ZeroMQ address of the backend that dispatches the task, or null
 * @param message what the agent or the frontend said last: an empty map for a new task, a reason when refused
 * @param history the task's transitions, oldest first
 */
public record Task(
    String taskId,
    String jobId,
    String mercuryId,
    String host,
    Object port,
    String backend,
    String backendAddress,
    String method,
    List<Object> args,
    Map<String, Object> kwargs,
    Double timeout,
    TaskStatus status,
    String action,
    Double progress,
    Object message,
    String traceback,
    String reason,
    Double timeCreated,
    Double timeDispatched,
    Double timeStarted,
    Double timeUpdated,
    Double timeCompleted,
    Instant ttlTimeCompleted,
    List<Event> history) {
  public Task {
    Objects.requireNonNull(taskId, "taskId is null");
    Objects.requireNonNull(status, "status is null");
    args = args == null ? List.of() : args;
    kwargs = kwargs == null ? Map.of() : kwargs;
    history = history == null ? List.of() : List.copyOf(history);
  }

  /** One entry of a task's history: the state it entered, when, and why (null: no reason given). */
  public record Event(TaskStatus status, double time, String reason) {
    public Event {
      Objects.requireNonNull(status, "status is null");
    }
  }

  /**
   * This task failed at once with {@code reason} at {@code now}, before anything was sent: the
   * frontend's refusal of a target that cannot run the call.
   */
  public Task refused(String why, double now) {
    List<Event> events = new java.util.ArrayList<>(history);
    events.add(new Event(TaskStatus.ERROR, now, why));
    return new Task(
        taskId, jobId, mercuryId, host, port, backend, backendAddress, method, args, kwargs, timeout,
        TaskStatus.ERROR, "Refused", progress, why, traceback, why,
        timeCreated, timeDispatched, timeStarted, timeUpdated, now,
        Instant.ofEpochMilli(Math.round(now * 1000)), events);
  }
}
