package io.mercury.rpc.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one target is asked to run: a capability name, its arguments, and the instruction's timeout in
 * seconds (null: the capability's own).
 */
public record TaskCall(String method, List<Object> args, Map<String, Object> kwargs, Double timeout) {
  public TaskCall {
    Objects.requireNonNull(method, "method is null");
    args = args == null ? List.of() : args;
    kwargs = kwargs == null ? Map.of() : kwargs;
  }
}
