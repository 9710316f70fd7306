package io.mercury.rpc.link;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CURVE public key each device registered with, by mercury_id. The backend connects to a device's
 * agent with that key as the server key, so only the agent holding the device's key can answer for it:
 * another agent that now has the device's old address (DHCP gave it away) fails the handshake. Filled
 * from each registration's {@code agent_info.curve_public_key}; read by the {@link AgentLink} for every
 * request. Thread-safe.
 */
public final class AgentKeys {
  private final Map<String, String> byDevice = new ConcurrentHashMap<>();
  private final boolean required;

  /** Keys for a plaintext backend: none are needed. */
  public AgentKeys() {
    this(false);
  }

  /** @param required whether CURVE is on, so a device without a key is never contacted */
  public AgentKeys(boolean required) {
    this.required = required;
  }

  /** Whether every device needs a key (CURVE is on). */
  public boolean required() {
    return required;
  }

  /** Records that device {@code mercuryId}'s agent holds {@code publicKey}. */
  public void put(String mercuryId, String publicKey) {
    byDevice.put(mercuryId, publicKey);
  }

  /** The key of device {@code mercuryId}'s agent, or null when it registered without one. */
  public String get(String mercuryId) {
    return mercuryId == null ? null : byDevice.get(mercuryId);
  }

  /** Forgets a device's key (its agent was cut off). */
  public void remove(String mercuryId) {
    byDevice.remove(mercuryId);
  }
}
