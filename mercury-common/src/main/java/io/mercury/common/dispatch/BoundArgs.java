package io.mercury.common.dispatch;

import io.mercury.common.security.Caller;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one call after binding and type checks; values are already of the declared type.
 * Also carries who made the call, as the transport authenticated it.
 */
public final class BoundArgs {
  private final String endpoint;
  private final Map<String, Object> values;
  private final Caller caller;

  BoundArgs(String endpoint, Map<String, Object> values, Caller caller) {
    this.endpoint = endpoint;
    this.values = values;
    this.caller = caller;
  }

  public String endpoint() {
    return endpoint;
  }

  /** Who sent the request ({@link Caller#unauthenticated()} when CURVE is off). */
  public Caller caller() {
    return caller;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public Object get(String name) {
    if (!values.containsKey(name)) {
      throw new IllegalArgumentException(endpoint + " has no parameter named " + name);
    }
    return values.get(name);
  }

  public String string(String name) {
    return (String) get(name);
  }

  public Long integer(String name) {
    return (Long) get(name);
  }

  public Double number(String name) {
    return (Double) get(name);
  }

  public Boolean bool(String name) {
    return (Boolean) get(name);
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> map(String name) {
    return (Map<String, Object>) get(name);
  }

  @SuppressWarnings("unchecked")
  public List<Object> list(String name) {
    return (List<Object>) get(name);
  }
}
