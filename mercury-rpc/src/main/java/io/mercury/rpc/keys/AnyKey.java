package io.mercury.rpc.keys;

import io.mercury.common.security.AllowList;
import io.mercury.common.security.Caller;
import io.mercury.common.security.Role;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The enrolment socket's allow-list: every key may connect, as caller {@value #NAME} with role agent.
 * The socket serves nothing but {@code enrol}, which records the key and decides nothing on the
 * caller's name or role; the handshake still proves the caller holds the key it enrols.
 *
 * <p>It remembers the address each key last connected from (the most recent {@value #REMEMBERED} keys),
 * so enrolment can cap the pending keys per source address.
 */
public final class AnyKey implements AllowList {
  public static final String NAME = "enrolling";
  static final int REMEMBERED = 10_000;

  private final Map<String, String> addresses =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > REMEMBERED;
        }
      };

  @Override
  public Optional<Caller> caller(String publicKey) {
    return Optional.of(new Caller(NAME, publicKey, Role.AGENT));
  }

  @Override
  public Optional<Caller> caller(String publicKey, String address) {
    synchronized (addresses) {
      addresses.put(publicKey, address);
    }
    return caller(publicKey);
  }

  /** Where {@code publicKey} last connected from, or null when it is not remembered. */
  public String addressOf(String publicKey) {
    synchronized (addresses) {
      return addresses.get(publicKey);
    }
  }
}
