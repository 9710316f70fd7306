package io.mercury.rpc.backend;

import io.mercury.common.dispatch.EndpointException;
import io.mercury.common.dispatch.PermissionDeniedException;
import io.mercury.common.dispatch.TryAgainException;
import io.mercury.common.protocol.backend.BackendWire;
import io.mercury.common.protocol.backend.TaskCompletion;
import io.mercury.common.protocol.backend.TaskUpdate;
import io.mercury.rpc.store.TaskReports;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An agent's task reports at the endpoint edge, for the backend's {@code update_task} and {@code
 * complete_task} and the frontend's (the original's proxy path): reads the report ({@link BackendWire};
 * a malformed one is refused with the backend's message), checks that its agent may report the task,
 * applies it ({@link TaskReports}), and turns a result that raced a change of its task into "try again".
 */
public final class TaskReportCalls {
  private TaskReportCalls() {}

  /** Reads an {@code update_task}'s {@code update_data}; a malformed one is an {@link EndpointException}. */
  public static TaskUpdate update(Map<String, Object> wire) {
    return read(() -> BackendWire.taskUpdate(wire));
  }

  /** Reads a {@code complete_task}'s {@code return_data}; a malformed one is an {@link EndpointException}. */
  public static TaskCompletion completion(Map<String, Object> wire) {
    return read(() -> BackendWire.taskCompletion(wire));
  }

  /**
   * Applies {@code update} from the agent bound to device {@code reporter} (null: unauthenticated).
   *
   * @throws PermissionDeniedException when the task was dispatched to another device
   */
  public static TaskReports.Outcome update(TaskReports reports, TaskUpdate update, String reporter) {
    checkReporter(reports, update.taskId(), reporter);
    return reports.update(update);
  }

  /**
   * Applies {@code completion} from the agent bound to device {@code reporter} (null: unauthenticated).
   *
   * @throws PermissionDeniedException when the task was dispatched to another device
   * @throws TryAgainException when the task changed while the result was recorded (the agent sends it again)
   */
  public static TaskReports.Outcome complete(TaskReports reports, TaskCompletion completion, String reporter) {
    checkReporter(reports, completion.taskId(), reporter);
    try {
      return reports.complete(completion);
    } catch (TaskReports.ChangedWhileRecording e) {
      throw new TryAgainException(e.getMessage(), null);
    }
  }

  /** A task's reports come only from the agent of the device it was dispatched to. */
  private static void checkReporter(TaskReports reports, String taskId, String reporter) {
    if (reporter == null) {
      return;
    }
    reports
        .dispatchedTo(taskId)
        .filter(t -> !t.equals(reporter))
        .ifPresent(
            t -> {
              throw new PermissionDeniedException(
                  "task " + taskId + " was dispatched to device " + t + "; device " + reporter + " cannot report it");
            });
  }

  private static <T> T read(Supplier<T> reader) {
    try {
      return reader.get();
    } catch (IllegalArgumentException e) {
      throw new EndpointException(e.getMessage());
    }
  }
}
