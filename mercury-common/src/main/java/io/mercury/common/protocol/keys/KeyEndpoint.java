package io.mercury.common.protocol.keys;

import io.mercury.common.protocol.WireEndpoint;

/**
 * The backend's key administration endpoints (docs/security.md); each name is its wire name in lower
 * case. The agents' {@code enrol}, on its own socket, is not administration and not here.
 */
public enum KeyEndpoint implements WireEndpoint {
  LIST_KEYS,
  SET_KEY_STATUS,
  CREATE_ENROLMENT_TOKEN;

  @Override
  public String toString() {
    return wireName();
  }
}
