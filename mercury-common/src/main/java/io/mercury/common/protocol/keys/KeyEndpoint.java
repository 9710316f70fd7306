package io.mercury.common.protocol.keys;

import java.util.Locale;
import java.util.Optional;

/**
 * The backend's key administration endpoints (docs/security.md); each name is its wire name in lower
 * case. The agents' {@code enrol}, on its own socket, is not administration and not here.
 */
public enum KeyEndpoint {
  LIST_KEYS,
  SET_KEY_STATUS,
  CREATE_ENROLMENT_TOKEN;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The name a request's {@code endpoint} carries, e.g. {@code list_keys}. */
  public String wireName() {
    return wireName;
  }

  /** The endpoint spelled exactly {@code wireName}; empty for any other name. */
  public static Optional<KeyEndpoint> named(String wireName) {
    for (KeyEndpoint e : values()) {
      if (e.wireName.equals(wireName)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
