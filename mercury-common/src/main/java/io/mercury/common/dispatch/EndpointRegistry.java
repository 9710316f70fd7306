package io.mercury.common.dispatch;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The endpoints of one service. Built in the service's main code and passed in; never global. */
public final class EndpointRegistry {
  private final Map<String, Endpoint> endpoints = new TreeMap<>();

  /**
   * Registers an endpoint with who may call it; there is deliberately no form without {@code access}.
   *
   * @throws IllegalArgumentException when the name is already registered
   */
  public EndpointRegistry register(String name, Access access, EndpointHandler handler, Param... params) {
    return add(new Endpoint(name, access, Arrays.asList(params), handler, false));
  }

  /**
   * Registers an endpoint whose handler answers at once and never waits (no store, no network), so it
   * is run on the socket's thread: for small, frequent requests such as an agent's heartbeat, where the
   * hand-off to a worker costs more than the work.
   *
   * @throws IllegalArgumentException when the name is already registered, or the access is audited
   */
  public EndpointRegistry registerImmediate(String name, Access access, EndpointHandler handler, Param... params) {
    return add(new Endpoint(name, access, Arrays.asList(params), handler, true));
  }

  /**
   * Declares fields of an endpoint's reply that carry credentials (an enrolment token): the audit trail
   * records {@value AuditTargets#REDACTED} in their place.
   *
   * @throws IllegalArgumentException when no such endpoint is registered
   */
  public EndpointRegistry secretInReply(String name, String... fields) {
    Endpoint endpoint = endpoints.get(name);
    if (endpoint == null) {
      throw new IllegalArgumentException("no endpoint " + name);
    }
    endpoints.put(name, endpoint.withSecretReply(fields));
    return this;
  }

  private EndpointRegistry add(Endpoint endpoint) {
    if (endpoints.putIfAbsent(endpoint.name(), endpoint) != null) {
      throw new IllegalArgumentException("endpoint " + endpoint.name() + " is already registered");
    }
    return this;
  }

  /** Whether any endpoint is {@link Endpoint#immediate() immediate}. */
  public boolean hasImmediate() {
    return endpoints.values().stream().anyMatch(Endpoint::immediate);
  }

  public Optional<Endpoint> find(String name) {
    return Optional.ofNullable(endpoints.get(name));
  }

  public java.util.Set<String> names() {
    return Collections.unmodifiableSet(endpoints.keySet());
  }
}
