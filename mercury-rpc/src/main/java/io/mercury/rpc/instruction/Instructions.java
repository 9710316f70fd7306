package io.mercury.rpc.instruction;

import io.mercury.rpc.model.TaskCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a job's instruction (docs/protocol.md, "RPC frontend"): a primitive {@code {method, args, kwargs, timeout?}}, the
 * same call for every target, or {@code {preprocessor: name, ...}}, resolved per target by one of the
 * preprocessors this service was built with.
 */
public final class Instructions {
  private final Map<String, Preprocessor> preprocessors = new TreeMap<>();

  public Instructions(List<Preprocessor> preprocessors) {
    for (Preprocessor p : preprocessors) {
      if (this.preprocessors.putIfAbsent(p.name(), p) != null) {
        throw new IllegalArgumentException("preprocessor " + p.name() + " is given twice");
      }
    }
  }

  /** The built-in preprocessors. */
  public static Instructions standard() {
    return new Instructions(List.of(new PressStaticAssets()));
  }

  /** A per-target planner for {@code instruction}, checked as far as it can be without targets. */
  public Plan plan(Map<String, Object> instruction) throws InstructionException {
    if (instruction.get("preprocessor") != null) {
      if (!(instruction.get("preprocessor") instanceof String name)) {
        throw new InstructionException("'preprocessor' must be a string");
      }
      Preprocessor p = preprocessors.get(name);
      if (p == null) {
        throw new InstructionException(
            "Specified preprocessor does not exist: " + name + " (available: " + String.join(", ", preprocessors.keySet()) + ")");
      }
      return mercuryId -> p.callFor(mercuryId, instruction);
    }
    if (instruction.get("method") == null) {
      throw new InstructionException(
          "Contract invalid: the instruction needs 'method' (with optional 'args', 'kwargs', 'timeout') or 'preprocessor'");
    }
    TaskCall call = primitive(instruction);
    return mercuryId -> call;
  }

  private static TaskCall primitive(Map<String, Object> instruction) throws InstructionException {
    if (!(instruction.get("method") instanceof String method) || method.isBlank()) {
      throw new InstructionException("'method' must be a non-empty string");
    }
    Object args = instruction.getOrDefault("args", List.of());
    Object kwargs = instruction.getOrDefault("kwargs", Map.of());
    if (args != null && !(args instanceof List<?>)) {
      throw new InstructionException("'args' must be a list, not " + typeName(args));
    }
    if (kwargs != null && !(kwargs instanceof Map<?, ?>)) {
      throw new InstructionException("'kwargs' must be a map, not " + typeName(kwargs));
    }
    Object timeout = instruction.get("timeout");
    if (timeout != null && !(timeout instanceof Number n && n.doubleValue() > 0)) {
      throw new InstructionException("'timeout' must be a positive number of seconds, not " + timeout);
    }
    Map<String, Object> kw = new LinkedHashMap<>();
    if (kwargs != null) {
      ((Map<?, ?>) kwargs).forEach((k, v) -> kw.put(String.valueOf(k), v));
    }
    return new TaskCall(
        method,
        args == null ? List.of() : new ArrayList<>((List<?>) args),
        kw,
        timeout == null ? null : ((Number) timeout).doubleValue());
  }

  private static String typeName(Object o) {
    return o instanceof String ? "a string" : o instanceof Number ? "a number" : o.getClass().getSimpleName();
  }

  /** The call each target gets. */
  @FunctionalInterface
  public interface Plan {
    TaskCall callFor(String mercuryId) throws InstructionException;
  }
}
