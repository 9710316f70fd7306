package io.mercury.rpc.keys;

import static io.mercury.common.dispatch.Param.optional;
import static io.mercury.common.dispatch.Param.required;

import io.mercury.common.dispatch.Access;
import io.mercury.common.dispatch.EndpointRegistry;
import io.mercury.common.dispatch.ParamType;
import io.mercury.common.protocol.keys.KeyWire;
import io.mercury.common.security.Role;
import java.util.EnumSet;

/**
 * Registers the key endpoints: {@link #enrolment} for the enrolment socket (any key may connect, so it
 * has nothing but {@code enrol}), {@link #admin} onto the backend's main registry.
 *
 * <p>Access: {@code enrol} is for agents (the enrolment socket makes every key an agent caller); {@code
 * list_keys} needs operator (it shows who may connect); {@code set_key_status} and {@code
 * create_enrolment_token} need admin and are audited; the boot service may mint tokens too (audited), for
 * {@code boot.enrolment.auto}. The token is a secret: the audit trail records {@code [secret]}.
 */
public final class KeyEndpoints {
  public static final long DEFAULT_TOKEN_TTL_SECONDS = 3600;

  private KeyEndpoints() {}

  /** Who may list keys: operators and admins (not audited: it changes nothing). */
  public static final Access LIST = new Access("operator", EnumSet.of(Role.OPERATOR, Role.ADMIN), false);

  public static EndpointRegistry enrolment(Enrolment enrolment) {
    return new EndpointRegistry()
        .register(
            "enrol",
            Access.AGENT,
            a -> enrolment.enrol(a.caller(), a.string("mercury_id"), a.string("hostname"), a.string("token")),
            required("mercury_id", ParamType.STRING),
            optional("hostname", ParamType.STRING, null),
            optional("token", ParamType.STRING, null).secretValue());
  }

  public static EndpointRegistry admin(EndpointRegistry registry, KeyAdmin admin) {
    return registry
        .register(
            "list_keys", LIST, a -> KeyWire.listReply(admin.listKeys(a.string("status"))), optional("status", ParamType.STRING, null))
        .register(
            "set_key_status",
            Access.ADMINISTER,
            a -> KeyWire.toWire(admin.setKeyStatus(a.list("keys"), a.string("status"), a.caller().name())),
            required("keys", ParamType.LIST),
            required("status", ParamType.STRING))
        .register(
            "create_enrolment_token",
            Access.ADMINISTER.forDaemons("boot"),
            a ->
                KeyWire.toWire(
                    admin.createToken(
                        a.number("ttl_seconds"),
                        a.integer("uses"),
                        a.caller().name(),
                        a.string("mac"),
                        a.caller().authenticated() && a.caller().role() == Role.SERVICE)),
            optional("ttl_seconds", ParamType.NUMBER, (double) DEFAULT_TOKEN_TTL_SECONDS),
            optional("uses", ParamType.INTEGER, 1L),
            optional("mac", ParamType.STRING, null))
        .secretInReply("create_enrolment_token", "token");
  }
}
