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
 * @param onBehalfOf {@code {name, role}} of the operator a delegating daemon (the HTTP API) acts for, or
 *     null; see {@code io.mercury.common.dispatch.Delegation}
 */
public record Request(String endpoint, List<Object> args, Map<String, Object> kwargs, Map<String, Object> onBehalfOf) {
  public Request(String endpoint, List<Object> args, Map<String, Object> kwargs) {
    this(endpoint, args, kwargs, null);
  }

  public Request {
    Objects.requireNonNull(endpoint, "endpoint is null");
    args = args == null ? List.of() : args;
    kwargs = kwargs == null ? Map.of() : kwargs;
  }

  public static Request of(String endpoint, Object... args) {
    return new Request(endpoint, java.util.Arrays.asList(args), Map.of());
  }

  public Request withKwargs(Map<String, Object> kwargs) {
    return new Request(endpoint, args, kwargs, onBehalfOf);
  }

  /** The same request, made for operator {@code name} holding {@code role} (wire spelling). */
  public Request onBehalfOf(String name, String role) {
    return new Request(endpoint, args, kwargs, Map.of("name", name, "role", role));
  }

  /** The wire form, a map with {@code endpoint}, {@code args} and {@code kwargs}. */
  public Map<String, Object> toWire() {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("endpoint", endpoint);
    wire.put("args", args);
    wire.put("kwargs", kwargs);
    if (onBehalfOf != null) {
      wire.put("on_behalf_of", onBehalfOf);
    }
    return wire;
  }
}
