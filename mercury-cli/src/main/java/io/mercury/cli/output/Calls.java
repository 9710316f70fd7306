package io.mercury.cli.output;

import io.mercury.common.protocol.frontend.JobDocument;
import io.mercury.common.protocol.frontend.TaskDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An rpc call as an operator would type it after {@code mcli rpc ... METHOD}: the method, its positional
 * arguments (single-quoted when they hold spaces or shell characters, so {@code run 'ls -la /'} reads as
 * one argument; a line break shows as {@code \n}, to keep the call on one line), then its keyword
 * arguments as {@code key=value}. Arguments that are not strings are JSON ({@code 30}, {@code [1,2]}).
 */
public final class Calls {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:,@%+-]+");

  private Calls() {}

  /** The job's instruction: method and arguments; a preprocessor job is its {@code preprocessor:name}. */
  public static String of(JobDocument job) {
    return join(job.method(), arguments(job));
  }

  /** The job's arguments alone, for a table column; empty when it has none. */
  public static String arguments(JobDocument job) {
    return arguments(job.instruction().get("args"), job.instruction().get("kwargs"));
  }

  /** The task's method and arguments. */
  public static String of(TaskDocument task) {
    return join(task.method(), arguments(task.args(), task.kwargs()));
  }

  /** Positional arguments then {@code key=value} pairs, space-separated; empty when there are none. */
  static String arguments(Object args, Object kwargs) {
    List<String> words = new ArrayList<>();
    if (args instanceof List<?> list) {
      list.forEach(a -> words.add(word(a)));
    }
    if (kwargs instanceof Map<?, ?> map) {
      map.forEach((k, v) -> words.add(k + "=" + word(v)));
    }
    return String.join(" ", words);
  }

  private static String join(String method, String arguments) {
    String m = method == null ? Cells.NONE : method;
    return arguments.isEmpty() ? m : m + " " + arguments;
  }

  private static String word(Object value) {
    if (!(value instanceof String s)) {
      return Json.line(value);
    }
    if (PLAIN.matcher(s).matches()) {
      return s;
    }
    return "'" + s.replace("'", "'\\''").replace("\n", "\\n").replace("\t", "\\t") + "'";
  }
}
