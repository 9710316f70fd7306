package io.mercury.rpc.link;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CURVE public keys of the agents the backend talks to, by the addresses it reaches them on (an
 * agent's RPC and pong addresses both map to its one key). Filled from each registration's {@code
 * agent_info.curve_public_key}; read by the {@link AgentLink} for every request. Thread-safe.
 */
public final class AgentKeys {
  private final Map<String, String> byAddress = new ConcurrentHashMap<>();

  /** Records that the agent at {@code address} holds {@code publicKey}. */
  public void put(String address, String publicKey) {
    byAddress.put(address, publicKey);
  }

  /** The key of the agent at {@code address}, or null when none registered there. */
  public String get(String address) {
    return byAddress.get(address);
  }
}
