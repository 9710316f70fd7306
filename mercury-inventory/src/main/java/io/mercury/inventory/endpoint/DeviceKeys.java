package io.mercury.inventory.endpoint;

import io.mercury.common.store.keys.KeyStore;

/** The agent keys bound to devices, as far as the inventory deals with them: a deleted device's are revoked. */
@FunctionalInterface
public interface DeviceKeys {
  /** No key store (CURVE off): there is nothing to revoke. */
  DeviceKeys NONE = (mercuryId, by) -> 0;

  /**
   * Revokes every accepted agent key bound to {@code mercuryId}.
   *
   * @param by who deleted the device
   * @return how many keys were revoked
   */
  int revokeAll(String mercuryId, String by);

  /** The keys of {@code store}. */
  static DeviceKeys in(KeyStore store) {
    return (mercuryId, by) -> store.revokeDevice(mercuryId, by).size();
  }
}
