package io.mercury.common.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request to a Mercury ROUTER service: {@code {"endpoint", "args", "kwargs"}}.
 *
 * @param endpoint the endpoint name, e.g. {@code get_one}
 * @param args positional arguments, bound in declaration order
 * @param kwargs keyword arguments, bound by parameter name
 */
public record Request(String endpoint, List<Object> args, Map<String, Object> kwargs) {
  public Request {
    Objects.requireNonNull(endpoint, "endpoint is null");
    args = args == null ? List.of() : args;
    kwargs = kwargs == null ? Map.of() : kwargs;
  }

  public static Request of(String endpoint, Object... args) {
    return new Request(endpoint, java.util.Arrays.asList(args), Map.of());
  }

  public Request withKwargs(Map<String, Object> kwargs) {
    return new Request(endpoint, args, kwargs);
  }

  /** The wire form, a map with {@code endpoint}, {@code args} and {@code kwargs}. */
  public Map<String, Object> toWire() {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("endpoint", endpoint);
    wire.put("args", args);
    wire.put("kwargs", kwargs);
    return wire;
  }
}
