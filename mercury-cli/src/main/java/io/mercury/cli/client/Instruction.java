package io.mercury.cli.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A primitive rpc instruction, the same call for every target: {@code {method, args, kwargs,
 * timeout?}}.
 *
 * @param method the capability to call
 * @param args positional arguments
 * @param kwargs keyword arguments
 * @param timeout the task timeout in seconds, or null for the capability's own
 */
public record Instruction(String method, List<Object> args, Map<String, Object> kwargs, Double timeout) {
  public Instruction {
    Objects.requireNonNull(method, "method is null");
    args = Collections.unmodifiableList(new ArrayList<>(args));
    kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
    if (timeout != null && !(timeout > 0)) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
  }

  /** The wire form; {@code timeout} only when set. */
  public Map<String, Object> toWire() {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("method", method);
    wire.put("args", args);
    wire.put("kwargs", kwargs);
    if (timeout != null) {
      wire.put("timeout", timeout);
    }
    return wire;
  }
}
