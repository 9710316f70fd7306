package io.mercury.common.security;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A fixed allow-list: the agent's list of backend keys, and tests. Immutable.
 */
public final class StaticAllowList implements AllowList {
  private final Map<String, Caller> callers;

  public StaticAllowList(Collection<Caller> callers) {
    this.callers =
        callers.stream().collect(Collectors.toUnmodifiableMap(Caller::publicKey, Function.identity()));
  }

  public static StaticAllowList of(Caller... callers) {
    return new StaticAllowList(java.util.List.of(callers));
  }

  @Override
  public Optional<Caller> caller(String publicKey) {
    return publicKey == null ? Optional.empty() : Optional.ofNullable(callers.get(publicKey));
  }

  @Override
  public String toString() {
    return "StaticAllowList" + callers.values().stream().map(Caller::name).toList();
  }
}
