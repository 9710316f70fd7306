package io.mercury.bench.fleet;

/**
 * How the simulated fleet behaves; its {@link #toString} is the mode as the benchmark prints it.
 *
 * @param curve CURVE on every socket (each agent with its own key; only with {@code channel})
 * @param heartbeats whether the original-protocol simulator's agents send heartbeats
 * @param channel Mercury agents over the agent channel ({@link ChannelFleet}) instead of the
 *     original-protocol {@link FleetSimulator}
 * @param perProcess agents per {@link ChannelAgents} process
 * @param restart whether to kill and restart the backend at the end ({@code channel} only)
 */
record FleetMode(boolean curve, boolean heartbeats, boolean channel, int perProcess, boolean restart) {
  /**
   * The liveness window: {@code cpuSeconds}, but with heartbeats at least two of their periods (20 s by
   * default). The agents registered within seconds of each other and heartbeat in step, so a shorter
   * window sees anything from none of their heartbeats to all of them (10 s windows measured 0.2 to 84
   * heartbeats a second at 1,000 agents).
   */
  int livenessWindowSeconds(int cpuSeconds) {
    return heartbeats ? Math.max(cpuSeconds, 40) : cpuSeconds;
  }

  @Override
  public String toString() {
    return (curve ? "CURVE" : "plaintext")
        + (channel ? ", Mercury agents over the channel" : heartbeats ? ", simulator heartbeating" : ", original agents");
  }
}
