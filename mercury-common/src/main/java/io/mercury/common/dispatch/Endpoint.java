package io.mercury.common.dispatch;

import io.mercury.common.security.Caller;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A named endpoint with its declared parameters, bound Python-style: positional {@code args} fill the
 * parameters in order, then {@code kwargs} by name. Unknown, duplicated, missing and mistyped arguments
 * are refused with the message Python would give, naming the argument. {@code access} says who may
 * call it and whether calls are audited. An {@code immediate} endpoint's handler answers at once, never
 * waiting on anything, and is run on the socket's thread (see {@link
 * io.mercury.common.transport.MessageHandler#answersOnSocketThread}); it cannot be audited, since an
 * audit record is a store write.
 */
public record Endpoint(
    String name, Access access, List<Param> params, EndpointHandler handler, boolean immediate, Set<String> secretReplyFields) {
  public Endpoint(String name, Access access, List<Param> params, EndpointHandler handler, boolean immediate) {
    this(name, access, params, handler, immediate, Set.of());
  }

  public Endpoint {
    secretReplyFields = Set.copyOf(secretReplyFields);
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(access, name + " declares no access");
    if (immediate && access.audited()) {
      throw new IllegalArgumentException(name + " is audited, so it cannot be answered on the socket's thread");
    }
    params = List.copyOf(params);
    Objects.requireNonNull(handler, "handler is null");
    Set<String> seen = new HashSet<>();
    for (Param p : params) {
      if (!seen.add(p.name())) {
        throw new IllegalArgumentException(name + " declares parameter " + p.name() + " twice");
      }
    }
  }

  /** The same endpoint whose reply fields {@code fields} are credentials, never audited or logged. */
  public Endpoint withSecretReply(String... fields) {
    return new Endpoint(name, access, params, handler, immediate, Set.of(fields));
  }

  /** Binds a call's arguments or throws an {@link EndpointException} saying what is wrong. */
  public BoundArgs bind(List<Object> args, Map<String, Object> kwargs, Caller caller) {
    if (args.size() > params.size()) {
      throw new EndpointException(
          String.format(
              "%s() takes %d positional argument%s but %d were given",
              name, params.size(), params.size() == 1 ? "" : "s", args.size()));
    }
    Map<String, Object> raw = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      raw.put(params.get(i).name(), args.get(i));
    }
    for (Map.Entry<String, Object> kw : kwargs.entrySet()) {
      Param p = find(kw.getKey());
      if (p == null) {
        throw new EndpointException(
            String.format("%s() got an unexpected keyword argument '%s'", name, kw.getKey()));
      }
      if (raw.containsKey(p.name())) {
        throw new EndpointException(
            String.format("%s() got multiple values for argument '%s'", name, p.name()));
      }
      raw.put(p.name(), kw.getValue());
    }
    Map<String, Object> bound = new HashMap<>();
    for (Param p : params) {
      bound.put(p.name(), value(p, raw));
    }
    return new BoundArgs(name, bound, caller);
  }

  private Object value(Param p, Map<String, Object> raw) {
    if (!raw.containsKey(p.name())) {
      if (p.required()) {
        throw new EndpointException(
            String.format("%s() missing required argument: '%s'", name, p.name()));
      }
      return p.defaultValue();
    }
    Object value = raw.get(p.name());
    if (value == null) {
      if (!p.nullable()) {
        throw new EndpointException(
            String.format("%s() argument '%s' must not be None", name, p.name()));
      }
      return p.defaultValue();
    }
    Object converted = p.type().convert(value);
    if (converted == null) {
      throw new EndpointException(
          String.format(
              "%s() argument '%s' must be %s, not %s",
              name, p.name(), p.type().pythonName(), ParamType.pythonNameOf(value)));
    }
    return converted;
  }

  private Param find(String paramName) {
    for (Param p : params) {
      if (p.name().equals(paramName)) {
        return p;
      }
    }
    return null;
  }
}
