package io.mercury.rpc.liveness;

import java.util.List;

/** Told of every pong, e.g. to record the agent's load. */
@FunctionalInterface
public interface PongListener {
  /**
   * Called on the monitor's thread; must not block for long.
   *
   * @param load the agent's 1, 5 and 15 minute load averages as reported, empty if it sent none
   */
  void onPong(String mercuryId, List<Double> load);
}
