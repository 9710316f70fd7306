package io.mercury.agent;

import java.util.Collection;
import java.util.Map;

/** Python's truth test on decoded msgpack values, as the original applied it to a result's {@code error}. */
final class Truthiness {
  private Truthiness() {}

  static boolean isTruthy(Object v) {
    return switch (v) {
      case null -> false;
      case Boolean b -> b;
      case Number n -> n.doubleValue() != 0;
      case String s -> !s.isEmpty();
      case Collection<?> c -> !c.isEmpty();
      case Map<?, ?> m -> !m.isEmpty();
      default -> true;
    };
  }
}
