package io.mercury.rpc.keys;

import io.mercury.common.security.AllowList;
import io.mercury.common.security.Caller;
import io.mercury.common.security.Role;
import java.util.Optional;

/**
 * The enrolment socket's allow-list: every key may connect, as caller {@value #NAME} with role agent.
 * The socket serves nothing but {@code enrol}, which records the key and decides nothing on the
 * caller's name or role; the handshake still proves the caller holds the key it enrols.
 */
public final class AnyKey implements AllowList {
  public static final String NAME = "enrolling";

  @Override
  public Optional<Caller> caller(String publicKey) {
    return Optional.of(new Caller(NAME, publicKey, Role.AGENT));
  }
}
