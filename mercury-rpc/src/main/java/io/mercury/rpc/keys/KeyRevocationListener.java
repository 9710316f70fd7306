package io.mercury.rpc.keys;

import io.mercury.common.security.KeyEntry;

/** Told when an agent's key is revoked, so the agent can be cut off (device inactive, tasks ended). */
@FunctionalInterface
public interface KeyRevocationListener {
  /**
   * @param entry the revoked key, as now stored (kind agent, with its mercury_id)
   * @param reason why, in words fit for a task's failure message
   */
  void revoked(KeyEntry entry, String reason);
}
