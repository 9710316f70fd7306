package io.mercury.cli.output;

import io.mercury.common.protocol.frontend.TaskDocument;
import java.util.Map;

/**
 * A task's result as text, for {@code mcli rpc --wait}. Each block starts with a headline
 * {@code == <mercury_id> <STATUS>}; then, for a success, the result: a string as it is, a
 * {@code run}-style result as its stdout, then {@code -- stderr} and its stderr when there is any, other
 * values as indented JSON. A task that did not succeed gets its reason on the headline instead.
 *
 * <pre>
 * == 0120a1b2... SUCCESS returncode 0
 * Linux node1 6.1.0
 * == 0130f0e1... ERROR: disk on fire
 * </pre>
 */
public final class TaskResults {
  private TaskResults() {}

  /** The block for {@code task}, each line ending with a newline. */
  public static String block(TaskDocument task) {
    StringBuilder out = new StringBuilder("== ").append(Cells.text(task.mercuryId())).append(' ');
    out.append(Cells.text(task.status()));
    TaskVerdict verdict = TaskVerdict.of(task);
    Long rc = TaskVerdict.returnCode(task.message());
    if (verdict != TaskVerdict.SUCCEEDED && rc == null) {
      return out.append(": ").append(TaskVerdict.reason(task)).append('\n').toString();
    }
    if (rc != null) {
      out.append(" returncode ").append(rc);
    }
    out.append('\n');
    appendResult(out, task.message());
    return out.toString();
  }

  /**
   * The result alone, as a block shows it below its headline: a {@code run} result's stdout then
   * {@code -- stderr} and its stderr, a string as it is, other values as indented JSON; empty for no
   * result.
   */
  public static String result(Object message) {
    StringBuilder out = new StringBuilder();
    appendResult(out, message);
    return out.toString();
  }

  private static void appendResult(StringBuilder out, Object message) {
    if (TaskVerdict.returnCode(message) != null) {
      Map<?, ?> run = (Map<?, ?>) message;
      appendText(out, run.get("stdout"));
      if (run.get("stderr") instanceof String err && !err.isEmpty()) {
        out.append("-- stderr\n");
        appendText(out, err);
      }
      return;
    }
    switch (message) {
      case null -> {}
      case String s -> appendText(out, s);
      case Map<?, ?> m when m.isEmpty() -> {}
      default -> out.append(Json.pretty(message)).append('\n');
    }
  }

  private static void appendText(StringBuilder out, Object text) {
    if (text instanceof String s && !s.isEmpty()) {
      out.append(s);
      if (!s.endsWith("\n")) {
        out.append('\n');
      }
    } else if (text != null && !(text instanceof String)) {
      out.append(Json.line(text)).append('\n');
    }
  }
}
