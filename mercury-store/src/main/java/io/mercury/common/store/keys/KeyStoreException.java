package io.mercury.common.store.keys;

/**
 * A key-store request that cannot be honoured as asked: an unknown or ambiguous key, a status change
 * the key's current status does not allow, or too many keys already waiting. The message says which
 * and what to do; the store is unchanged.
 */
public class KeyStoreException extends RuntimeException {
  public KeyStoreException(String message) {
    super(message);
  }
}
