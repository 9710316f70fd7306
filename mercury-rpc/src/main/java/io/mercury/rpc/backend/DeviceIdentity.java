package io.mercury.rpc.backend;

import io.mercury.common.dispatch.PermissionDeniedException;
import io.mercury.common.protocol.AgentOwnedFields;
import io.mercury.common.security.Caller;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.security.Role;

/**
 * An agent key speaks for one device: the one it was bound to when it was accepted, which is the key's
 * name. Every agent endpoint checks the device it acts on against it. Unauthenticated callers (CURVE
 * off, the original's agents) cannot be checked.
 */
final class DeviceIdentity {
  private DeviceIdentity() {}

  /** The device an authenticated agent is bound to, or null when the caller is not an authenticated agent. */
  static String boundDevice(Caller caller) {
    return caller.authenticated() && caller.role() == Role.AGENT ? caller.name() : null;
  }

  /**
   * @throws PermissionDeniedException when an authenticated agent acts for another device than its own
   */
  static void check(Caller caller, String mercuryId, String action) {
    String bound = boundDevice(caller);
    if (bound != null && !bound.equals(mercuryId)) {
      throw new PermissionDeniedException(
          "agent key " + CurveKeyPair.fingerprint(caller.publicKey()) + " is bound to device " + bound
              + "; it cannot " + action + " device " + mercuryId);
    }
  }

  /**
   * @throws PermissionDeniedException when {@code document} holds a field an agent does not own ({@code
   *     mercury_id} is allowed when {@code withId}); checked whether CURVE is on or off
   */
  static void checkOwnedFields(java.util.Map<?, ?> document, boolean withId) {
    java.util.List<String> foreign = AgentOwnedFields.foreign(document, withId);
    if (!foreign.isEmpty()) {
      throw new PermissionDeniedException(
          "an agent may not write " + String.join(", ", foreign) + " (agent-owned fields: "
              + String.join(", ", new java.util.TreeSet<>(AgentOwnedFields.FIELDS)) + ")");
    }
  }
}
