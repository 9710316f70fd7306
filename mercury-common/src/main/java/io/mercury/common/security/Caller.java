package io.mercury.common.security;

import java.util.Objects;

/**
 * Who sent a request, as the transport established it.
 *
 * <p>With CURVE on, {@code publicKey} is the Z85 key the peer proved it holds during the handshake and
 * {@code name} and {@code role} come from the key's allow-list entry. With CURVE off nobody is
 * authenticated: {@link #unauthenticated()} is the caller of every request, and it is allowed
 * everything, which is why the daemons log compatibility mode loudly.
 *
 * @param name the key's name (an operator's user name, an agent's mercury_id, a daemon's service name)
 * @param publicKey Z85 CURVE public key, or {@code null} when CURVE is off
 * @param role what the caller may do
 */
public record Caller(String name, String publicKey, Role role) {
  private static final Caller UNAUTHENTICATED = new Caller("unauthenticated", null, Role.SERVICE);

  public Caller {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(role, "role is null");
  }

  /** The caller of every request when CURVE is off. */
  public static Caller unauthenticated() {
    return UNAUTHENTICATED;
  }

  public boolean authenticated() {
    return publicKey != null;
  }
}
