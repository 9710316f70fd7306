package io.mercury.common.dispatch;

import io.mercury.common.security.Caller;
import io.mercury.common.security.Role;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who may call an endpoint, and whether calls are written to the audit trail. Every endpoint declares
 * one when it is registered; there is no default, so a new endpoint cannot be reachable by accident.
 *
 * <p>{@link Role#SERVICE} (Mercury's own daemons, and every caller when CURVE is off) is allowed every
 * endpoint. The operator ladder is built in: {@link #READ} admits read-only, operator and admin;
 * {@link #OPERATE} operator and admin; {@link #ADMINISTER} admin only. {@link #AGENT} admits agents,
 * {@link #SERVICE} nobody but daemons. The mutating levels ({@link #OPERATE}, {@link #ADMINISTER}) are
 * audited.
 *
 * @param needs the role named in a refusal ({@code read-only}, {@code operator}, ...)
 * @param roles the roles admitted besides {@link Role#SERVICE}
 * @param audited whether every call (allowed or denied) is recorded in the audit trail
 */
public record Access(String needs, Set<Role> roles, boolean audited) {
  /** Reads: any operator role. */
  public static final Access READ =
      new Access("read-only", EnumSet.of(Role.READ_ONLY, Role.OPERATOR, Role.ADMIN), false);
  /** Changes an operator may make (jobs, devices, boot states); audited. */
  public static final Access OPERATE = new Access("operator", EnumSet.of(Role.OPERATOR, Role.ADMIN), true);
  /** Changes to who may do what (keys, enrolment tokens); audited. */
  public static final Access ADMINISTER = new Access("admin", EnumSet.of(Role.ADMIN), true);
  /** The agent-facing paths (register, update, task reports, log records). */
  public static final Access AGENT = new Access("agent", EnumSet.of(Role.AGENT), false);
  /** Daemon-to-daemon paths only. */
  public static final Access SERVICE = new Access("service", EnumSet.noneOf(Role.class), false);

  public Access {
    Objects.requireNonNull(needs, "needs is null");
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }

  /** Whether the caller may call an endpoint with this access. */
  public boolean allows(Caller caller) {
    return caller.role() == Role.SERVICE || roles.contains(caller.role());
  }

  /** The refusal text: {@code Permission denied: <endpoint> needs role <x>; <name> has <y>}. */
  public String refusal(String endpoint, Caller caller) {
    return "Permission denied: "
        + endpoint
        + " needs role "
        + needs
        + "; "
        + caller.name()
        + " has "
        + caller.role().wireName();
  }
}
