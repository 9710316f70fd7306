package io.mercury.common.security;

import java.util.Optional;

/**
 * Which CURVE public keys may talk to a server, and as whom. Asked by the ZAP handler when a connection
 * is made and by the server again for every message, so it must be cheap and thread-safe.
 */
public interface AllowList {
  /** The caller a key authenticates as, or empty when the key is unknown, pending, rejected or revoked. */
  Optional<Caller> caller(String publicKey);

  /**
   * As {@link #caller(String)}, at the handshake of a connection from {@code address} (the peer's IP
   * address as ZAP reports it); a list that limits by source may remember it.
   */
  default Optional<Caller> caller(String publicKey, String address) {
    return caller(publicKey);
  }

  /** Asks for the list to be re-read now rather than at its next periodic refresh; no-op by default. */
  default void refresh() {}
}
