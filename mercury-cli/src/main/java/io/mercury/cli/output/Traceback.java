package io.mercury.cli.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A task's {@code traceback} as lines, in Python's order: the frames, outermost first, then the exception
 * last. The last line is what an operator needs most of the time, so views show it alone and the whole
 * trace on request. Reads the three shapes a task can hold: Mercury's agent's structured
 * {@code {exc_type, exc_value, stack: [{path, line, scope, code}]}}, the original's list of formatted
 * lines, and plain text.
 *
 * @param frames the frames, one line each, outermost first
 * @param exception the exception line ({@code type: value}), or null when the traceback has none
 */
public record Traceback(List<String> frames, String exception) {
  public Traceback {
    frames = List.copyOf(frames);
  }

  /** The traceback held in {@code value}; null when there is none. */
  public static Traceback of(Object value) {
    return switch (value) {
      case Map<?, ?> map when map.isEmpty() -> null;
      case Map<?, ?> map -> structured(map);
      case List<?> list -> lines(list.stream().map(String::valueOf).flatMap(String::lines).toList());
      case String s -> lines(s.lines().toList());
      case null, default -> null;
    };
  }

  /** The exception line, else the last frame: what the trace comes down to. */
  public String lastLine() {
    return exception != null ? exception : frames.isEmpty() ? Cells.NONE : frames.getLast();
  }

  /** Every line: frames, then the exception. */
  public List<String> lines() {
    List<String> all = new ArrayList<>(frames);
    if (exception != null) {
      all.add(exception);
    }
    return all;
  }

  private static Traceback structured(Map<?, ?> map) {
    List<String> frames = new ArrayList<>();
    if (map.get("stack") instanceof List<?> stack) {
      for (Object f : stack) {
        if (f instanceof Map<?, ?> frame) {
          frames.add(frame(frame));
        }
      }
    }
    Object type = map.get("exc_type");
    Object value = map.get("exc_value");
    String exception =
        type == null && value == null
            ? null
            : type == null ? String.valueOf(value) : type + (value == null ? "" : ": " + value);
    return new Traceback(frames, exception == null ? null : Cells.text(exception));
  }

  /** {@code scope (path:line)}, then the source line when the frame has one (Python's do). */
  private static String frame(Map<?, ?> frame) {
    String where = Cells.text(frame.get("scope")) + " (" + Cells.text(frame.get("path"));
    where += frame.get("line") == null ? ")" : ":" + Cells.text(frame.get("line")) + ")";
    return frame.get("code") instanceof String code && !code.isBlank() ? where + ": " + code.strip() : where;
  }

  private static Traceback lines(List<String> text) {
    List<String> kept = text.stream().map(String::stripTrailing).filter(l -> !l.isBlank()).toList();
    if (kept.isEmpty()) {
      return null;
    }
    return new Traceback(kept.subList(0, kept.size() - 1), kept.getLast().strip());
  }
}
