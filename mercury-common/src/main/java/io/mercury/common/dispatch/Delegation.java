package io.mercury.common.dispatch;

import io.mercury.common.security.Caller;
import io.mercury.common.security.Role;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A request's {@code on_behalf_of: {name, role}}: the HTTP API authenticates its callers (tokens) and
 * calls the daemons with its own key on their behalf. Only the daemons in {@link #DELEGATES} may say so;
 * the call is then checked and audited as {@code "<daemon> for <name>"} with the named operator role, so
 * an API token that is read-only stays read-only behind the API. Anyone else who sends the field is
 * refused; with CURVE off the field is ignored (nobody is authenticated).
 */
public final class Delegation {
  /** The wire key. */
  public static final String FIELD = "on_behalf_of";
  /** The daemons that authenticate callers of their own and act for them. */
  public static final Set<String> DELEGATES = Set.of("api");

  private static final Pattern NAME = Pattern.compile("[\\p{Alnum}._@:+-]{1,128}");
  private static final Set<Role> DELEGABLE = Set.of(Role.READ_ONLY, Role.OPERATOR, Role.ADMIN);

  private Delegation() {}

  /**
   * The caller a request acts as.
   *
   * @throws PermissionDeniedException when the field is present and the caller may not delegate, or it
   *     names no operator
   */
  public static Caller effective(Map<?, ?> message, Caller caller) {
    Object claim = message.get(FIELD);
    if (claim == null || !caller.authenticated()) {
      return caller;
    }
    if (caller.role() != Role.SERVICE || !DELEGATES.contains(caller.name())) {
      throw new PermissionDeniedException(caller.name() + " may not act on behalf of another caller");
    }
    if (!(claim instanceof Map<?, ?> who) || !(who.get("name") instanceof String name) || !(who.get("role") instanceof String roleText)) {
      throw new PermissionDeniedException(FIELD + " must be {name, role}");
    }
    if (!NAME.matcher(name).matches()) {
      throw new PermissionDeniedException(FIELD + ".name is not a valid caller name");
    }
    Role role;
    try {
      role = Role.parse(roleText);
    } catch (IllegalArgumentException e) {
      throw new PermissionDeniedException(FIELD + ".role: " + e.getMessage());
    }
    if (!DELEGABLE.contains(role)) {
      throw new PermissionDeniedException(caller.name() + " may act only for operators, not for role " + role.wireName());
    }
    return new Caller(caller.name() + " for " + name, caller.publicKey(), role);
  }
}
