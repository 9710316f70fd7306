package io.mercury.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exception in the original's structured traceback shape: {@code {exc_type, exc_value, stack: [{path,
 * line, scope, code}]}}, innermost frame last as in Python. {@code code} (Python's source line) is null:
 * Java frames carry no source text.
 */
final class Tracebacks {
  private static final int MAX_FRAMES = 40;

  private Tracebacks() {}

  static Map<String, Object> of(Throwable t) {
    Map<String, Object> tb = new LinkedHashMap<>();
    tb.put("exc_type", t.getClass().getName());
    tb.put("exc_value", describe(t));
    List<Object> stack = new ArrayList<>();
    StackTraceElement[] frames = t.getStackTrace();
    for (int i = Math.min(frames.length, MAX_FRAMES) - 1; i >= 0; i--) {
      StackTraceElement f = frames[i];
      Map<String, Object> frame = new LinkedHashMap<>();
      frame.put("path", f.getFileName());
      frame.put("line", (long) f.getLineNumber());
      frame.put("scope", f.getClassName() + "." + f.getMethodName());
      frame.put("code", null);
      stack.add(frame);
    }
    tb.put("stack", stack);
    return tb;
  }

  /** The message, followed by the causes' ("...; caused by X: y"). */
  static String describe(Throwable t) {
    StringBuilder text = new StringBuilder(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
      text.append("; caused by ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
      if (c.getCause() == c) {
        break;
      }
    }
    return text.toString();
  }
}
