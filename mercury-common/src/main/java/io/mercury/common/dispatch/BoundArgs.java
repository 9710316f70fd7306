package io.mercury.common.dispatch;

import io.mercury.common.security.Caller;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one call after binding and type checks; values are already of the declared type.
 * {@link #caller()} is who made the call, for endpoints that record it (a job's {@code requested_by}).
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

  public Caller caller() {
    return caller;
  }

  /**
   * The name to record as the author of a change: the authenticated caller's own name (a daemon acting
   * for an operator is {@code "api for <name>"}); only with CURVE off, where nobody is authenticated, is
   * the claim {@code claimed} taken.
   */
  public String actor(String claimed) {
    return caller.authenticated() ? caller.name() : claimed;
  }

  public String endpoint() {
    return endpoint;
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
