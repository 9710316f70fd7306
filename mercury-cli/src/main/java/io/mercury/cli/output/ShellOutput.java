package io.mercury.cli.output;

import io.mercury.common.protocol.frontend.TaskDocument;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code run} task's output in {@code mcli shell}: every line prefixed with the device's label
 * ({@code <label>: }). Remote stdout goes to {@link Lines#out}; remote stderr, a non-zero return code
 * ({@code exit status N}) and a failure or missing answer ({@code ERROR: reason}) go to
 * {@link Lines#err}.
 */
public final class ShellOutput {
  /** The shortest label length: enough to tell devices apart in a rack. */
  static final int MIN_LABEL = 8;

  /**
   * Text for stdout and for stderr, each line ending with a newline.
   *
   * @param out the remote stdout lines
   * @param err everything else
   */
  public record Lines(String out, String err) {}

  private ShellOutput() {}

  /**
   * Short labels for {@code mercuryIds}: the shortest prefix, at least {@value #MIN_LABEL} characters,
   * that tells them all apart.
   */
  public static Map<String, String> labels(List<String> mercuryIds) {
    int max = mercuryIds.stream().mapToInt(String::length).max().orElse(0);
    for (int length = MIN_LABEL; length < max; length++) {
      Set<String> seen = new HashSet<>();
      int n = length;
      if (mercuryIds.stream().map(id -> id.substring(0, Math.min(n, id.length()))).allMatch(seen::add)) {
        return prefixes(mercuryIds, length);
      }
    }
    return prefixes(mercuryIds, Math.max(max, MIN_LABEL));
  }

  private static Map<String, String> prefixes(List<String> ids, int length) {
    Map<String, String> labels = new LinkedHashMap<>();
    ids.forEach(id -> labels.put(id, id.substring(0, Math.min(length, id.length()))));
    return labels;
  }

  /** The lines of {@code task}, labelled {@code label}. */
  public static Lines of(TaskDocument task, String label) {
    List<String> out = new ArrayList<>();
    List<String> err = new ArrayList<>();
    TaskVerdict verdict = TaskVerdict.of(task);
    Long rc = TaskVerdict.returnCode(task.message());
    if (rc != null) {
      Map<?, ?> run = (Map<?, ?>) task.message();
      addLines(out, run.get("stdout"));
      addLines(err, run.get("stderr"));
      if (rc != 0) {
        err.add("exit status " + rc);
      }
    } else if (verdict == TaskVerdict.SUCCEEDED) {
      Object message = task.message();
      if (message instanceof String s) {
        addLines(out, s);
      } else if (message != null && !(message instanceof Map<?, ?> m && m.isEmpty())) {
        out.add(Json.line(message));
      }
    }
    if (verdict != TaskVerdict.SUCCEEDED && rc == null) {
      err.add(task.status() + ": " + TaskVerdict.reason(task));
    }
    return new Lines(prefixed(out, label), prefixed(err, label));
  }

  private static void addLines(List<String> lines, Object text) {
    if (text instanceof String s && !s.isEmpty()) {
      lines.addAll(s.lines().toList());
    }
  }

  private static String prefixed(List<String> lines, String label) {
    StringBuilder text = new StringBuilder();
    lines.forEach(line -> text.append(label).append(": ").append(line).append('\n'));
    return text.toString();
  }
}
