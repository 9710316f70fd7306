package io.mercury.common.dispatch;

import java.util.Objects;

/**
 * One declared parameter of an endpoint.
 *
 * @param name the Python parameter name, matched against {@code kwargs} keys
 * @param type the accepted wire type
 * @param required whether the caller must supply it
 * @param nullable whether {@code nil} is accepted
 * @param defaultValue the value when not supplied (only for optional parameters)
 * @param secret whether the value is a credential (a token, a key): never written to the audit trail,
 *     logs or traces
 */
public record Param(String name, ParamType type, boolean required, boolean nullable, Object defaultValue, boolean secret) {
  public Param {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(type, "type is null");
  }

  /** A parameter the caller must supply; {@code nil} is refused. */
  public static Param required(String name, ParamType type) {
    return new Param(name, type, true, false, null, false);
  }

  /** An optional parameter; {@code nil} is accepted and means "use the default". */
  public static Param optional(String name, ParamType type, Object defaultValue) {
    return new Param(name, type, false, true, defaultValue, false);
  }

  /** The same parameter, declared a credential: the audit trail records that it was given, not its value. */
  public Param secretValue() {
    return new Param(name, type, required, nullable, defaultValue, true);
  }
}
