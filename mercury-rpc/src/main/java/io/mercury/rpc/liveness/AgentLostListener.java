package io.mercury.rpc.liveness;

/** Told when an agent stopped answering pings; the monitor has already forgotten it. */
@FunctionalInterface
public interface AgentLostListener {
  /**
   * Called on one of the monitor's listener threads, possibly for several agents at once; may wait (for
   * the store, the inventory) without holding up the pinging of other agents.
   *
   * @param reason e.g. "no pong from tcp://10.0.0.5:9004 after 5 attempts over 27 s"
   */
  void agentLost(String mercuryId, String reason);
}
