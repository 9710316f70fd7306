package io.mercury.common.security;

/**
 * What a caller may do. Operators hold one of {@link #READ_ONLY}, {@link #OPERATOR} or {@link #ADMIN};
 * agents hold {@link #AGENT}; Mercury's own daemons hold {@link #SERVICE}.
 *
 * <p>Operator roles are ordered: an admin may do what an operator may, an operator what a read-only
 * caller may. {@link #AGENT} is not on that ladder: it is allowed only the agent-facing endpoints
 * (register, update, report task progress). {@link #SERVICE} is allowed everything.
 */
public enum Role {
  READ_ONLY,
  OPERATOR,
  ADMIN,
  AGENT,
  SERVICE;

  /** The wire and file spelling: {@code read-only}, {@code operator}, {@code admin}, ... */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** Parses the wire spelling (case-insensitive, {@code _} and {@code -} alike). */
  public static Role parse(String text) {
    String normal = text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    for (Role role : values()) {
      if (role.name().equals(normal)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '" + text + "' (expected read-only, operator, admin, agent or service)");
  }
}
