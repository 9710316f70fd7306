package io.mercury.cli.output;

import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.protocol.frontend.TaskDocument;
import java.util.Map;

/**
 * What a task's end means to the operator, and why.
 *
 * <ul>
 *   <li>{@link #SUCCEEDED}: status SUCCESS, and for a {@code run}-style result ({@code returncode} in
 *       the message) a return code of 0;
 *   <li>{@link #FAILED}: ERROR, CANCELLED, an unknown finished status, or SUCCESS with a non-zero return
 *       code;
 *   <li>{@link #NO_REPLY}: TIMEOUT, or not finished when the wait ended.
 * </ul>
 */
public enum TaskVerdict {
  SUCCEEDED,
  FAILED,
  NO_REPLY;

  public static TaskVerdict of(TaskDocument task) {
    if (!task.done()) {
      return NO_REPLY;
    }
    TaskStatus state = task.state().orElse(null);
    if (state == TaskStatus.TIMEOUT) {
      return NO_REPLY;
    }
    if (state == TaskStatus.SUCCESS) {
      Long rc = returnCode(task.message());
      return rc == null || rc == 0 ? SUCCEEDED : FAILED;
    }
    return FAILED;
  }

  /** A one-line reason for a task that did not succeed; {@code -} when nothing says why. */
  public static String reason(TaskDocument task) {
    if (!task.done()) {
      return "still " + task.status() + " when the wait ended";
    }
    if (task.state().orElse(null) == TaskStatus.SUCCESS) {
      Long rc = returnCode(task.message());
      return rc == null ? Cells.NONE : "returncode " + rc;
    }
    if (task.reason() != null && !task.reason().isBlank()) {
      return Cells.text(task.reason());
    }
    Object message = task.message();
    if (message instanceof Map<?, ?> m && m.get("message") != null) {
      return Cells.text(m.get("message"));
    }
    if (message instanceof String s && !s.isBlank()) {
      return Cells.text(s);
    }
    return task.exceptionText() == null ? Cells.NONE : Cells.text(task.exceptionText());
  }

  /**
   * The reason of a finished task that failed or timed out; {@code -} for a success and for a task still
   * open, which has no reason yet (a view, unlike the end of a wait, cannot say "still open when the
   * wait ended").
   */
  public static String failureReason(TaskDocument task) {
    return !task.done() || of(task) == SUCCEEDED ? Cells.NONE : reason(task);
  }

  /** The {@code returncode} of a {@code run}-style result, or null when the result is not one. */
  static Long returnCode(Object message) {
    if (message instanceof Map<?, ?> m && m.get("returncode") instanceof Number rc) {
      return rc.longValue();
    }
    return null;
  }
}
