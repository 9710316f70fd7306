package io.mercury.common.protocol.keys;

import java.util.List;

/** The arguments of one key administration call, one record per endpoint; {@link KeyWire} maps them. */
public sealed interface KeyRequest {
  KeyEndpoint endpoint();

  /** {@code list_keys(status=None)}; a null status lists every key. */
  record ListKeys(String status) implements KeyRequest {
    @Override
    public KeyEndpoint endpoint() {
      return KeyEndpoint.LIST_KEYS;
    }
  }

  /**
   * {@code set_key_status(keys, status)}.
   *
   * @param keys public keys, names or fingerprint prefixes
   * @param status {@code accept}, {@code replace}, {@code reject} or {@code revoke} (past tenses too),
   *     checked by the backend
   */
  record SetKeyStatus(List<String> keys, String status) implements KeyRequest {
    public SetKeyStatus {
      keys = List.copyOf(keys);
    }

    @Override
    public KeyEndpoint endpoint() {
      return KeyEndpoint.SET_KEY_STATUS;
    }
  }

  /**
   * {@code create_enrolment_token(ttl_seconds=3600, uses=1, mac=None)}.
   *
   * @param mac the booting agent's network card the token is for (the boot service's), or null
   */
  record CreateEnrolmentToken(double ttlSeconds, long uses, String mac) implements KeyRequest {
    @Override
    public KeyEndpoint endpoint() {
      return KeyEndpoint.CREATE_ENROLMENT_TOKEN;
    }
  }
}
