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
 * <p>The operator ladder is built in: {@link #READ} admits read-only, operator and admin; {@link
 * #OPERATE} operator and admin; {@link #ADMINISTER} admin only. {@link #AGENT} admits agents, {@link
 * #SERVICE} no role at all. Mercury's daemons (role {@link Role#SERVICE}) are admitted only where an
 * endpoint names them ({@link #forDaemons}): each daemon key gets the endpoints it needs and nothing
 * else. With CURVE off there is nobody to check: the unauthenticated caller is admitted everywhere.
 *
 * <p>The mutating levels ({@link #OPERATE}, {@link #ADMINISTER}) are audited, whoever the caller,
 * except the daemons named by {@link #actingForAgents}: the backend writes an agent's own device on the
 * agent's behalf, after checking the agent's identity, and one audit record per registration would
 * double the store's writes in a registration storm.
 *
 * @param needs the role named in a refusal ({@code read-only}, {@code operator}, ...)
 * @param roles the operator and agent roles admitted
 * @param audited whether every call (allowed or denied) is recorded in the audit trail
 * @param daemons the daemon key names admitted (e.g. {@code backend}, {@code api})
 * @param unaudited the admitted daemons whose calls are not audited (they act for an agent)
 */
public record Access(String needs, Set<Role> roles, boolean audited, Set<String> daemons, Set<String> unaudited) {
  /** Reads: any operator role. */
  public static final Access READ =
      new Access("read-only", EnumSet.of(Role.READ_ONLY, Role.OPERATOR, Role.ADMIN), false);
  /** Changes an operator may make (jobs, devices, boot states); audited. */
  public static final Access OPERATE = new Access("operator", EnumSet.of(Role.OPERATOR, Role.ADMIN), true);
  /** Changes to who may do what (keys, enrolment tokens); audited. */
  public static final Access ADMINISTER = new Access("admin", EnumSet.of(Role.ADMIN), true);
  /** The agent-facing paths (register, update, task reports, log records). */
  public static final Access AGENT = new Access("agent", EnumSet.of(Role.AGENT), false);
  /** Daemon-to-daemon paths: no role; name the daemons with {@link #forDaemons}. */
  public static final Access SERVICE = new Access("service", EnumSet.noneOf(Role.class), false);

  public Access(String needs, Set<Role> roles, boolean audited) {
    this(needs, roles, audited, Set.of(), Set.of());
  }

  public Access {
    Objects.requireNonNull(needs, "needs is null");
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    daemons = Set.copyOf(daemons);
    unaudited = Set.copyOf(unaudited);
    if (!daemons.containsAll(unaudited)) {
      throw new IllegalArgumentException("unaudited daemons " + unaudited + " are not all admitted " + daemons);
    }
    if (roles.contains(Role.SERVICE)) {
      throw new IllegalArgumentException("daemons are admitted by name, not by role service");
    }
  }

  /** The same access, also admitting the named daemons (audited like anyone else). */
  public Access forDaemons(String... names) {
    return new Access(needs, roles, audited, union(daemons, names), unaudited);
  }

  /** The same access, also admitting the named daemons, whose calls act for an agent and are not audited. */
  public Access actingForAgents(String... names) {
    return new Access(needs, roles, audited, union(daemons, names), union(unaudited, names));
  }

  /** Whether the caller may call an endpoint with this access. */
  public boolean allows(Caller caller) {
    if (caller.role() == Role.SERVICE) {
      return !caller.authenticated() || daemons.contains(caller.name());
    }
    return roles.contains(caller.role());
  }

  /** Whether a call by this caller is recorded in the audit trail. */
  public boolean audits(Caller caller) {
    return audited && !(caller.authenticated() && caller.role() == Role.SERVICE && unaudited.contains(caller.name()));
  }

  /** The refusal text: {@code Permission denied: <endpoint> needs role <x>; <name> has <y>}. */
  public String refusal(String endpoint, Caller caller) {
    return "Permission denied: " + endpoint + " needs role " + needs + "; " + caller.name() + " has " + caller.role().wireName();
  }

  private static Set<String> union(Set<String> a, String... b) {
    java.util.Set<String> all = new java.util.TreeSet<>(a);
    all.addAll(java.util.List.of(b));
    return all;
  }
}
