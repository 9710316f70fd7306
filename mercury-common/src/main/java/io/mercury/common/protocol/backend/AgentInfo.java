package io.mercury.common.protocol.backend;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A registration's {@code agent_info}: where the agent listens and what it can do. The original agent
 * sends the first six fields; Mercury's adds {@code instance}, {@code channel} and, with CURVE,
 * {@code curve_public_key}. The backend stores it as the device's {@code active} block.
 *
 * @param rpcAddress the agent's IPv4 address, or null
 * @param rpcAddress6 the agent's IPv6 address, or null (the original always sends null)
 * @param rpcPort the agent's RPC port, or null when it sent none or not a number
 * @param pingPort the agent's pong port, or null when it sent none or not a number
 * @param localtime the agent's clock at registration, epoch seconds, or null
 * @param instance names the agent's process (Mercury), or null
 * @param capabilities capability name → descriptor (free-form), or null when it sent no map
 * @param channel the agent channel version the agent offers (Mercury), or null
 * @param curvePublicKey the CURVE key the agent registered with, or null
 * @param extra any other fields, kept in the order they came so the stored document keeps them
 */
public record AgentInfo(
    String rpcAddress,
    String rpcAddress6,
    Long rpcPort,
    Long pingPort,
    Double localtime,
    String instance,
    Map<String, Object> capabilities,
    Long channel,
    String curvePublicKey,
    Map<String, Object> extra) {
  /** The keys every registration must carry (the original's check). */
  public static final List<String> REQUIRED_KEYS =
      List.of("rpc_address", "rpc_address6", "rpc_port", "ping_port", "capabilities");

  public AgentInfo {
    extra = extra == null ? Map.of() : extra;
  }

  /** The address the agent is pinged at: its IPv4 address when set, else its IPv6 one; null when neither is. */
  public String host() {
    return rpcAddress != null && !rpcAddress.isBlank() ? rpcAddress : rpcAddress6;
  }

  /** The same agent_info with {@code extra} replaced. */
  public AgentInfo withExtra(Map<String, Object> extra) {
    return new AgentInfo(
        rpcAddress, rpcAddress6, rpcPort, pingPort, localtime, instance, capabilities, channel, curvePublicKey,
        Objects.requireNonNull(extra, "extra is null"));
  }
}
