package io.mercury.rpc.backend;

import io.mercury.rpc.liveness.LivenessMonitor;

/** Keeps pinging the agents it is told about; reports the ones that stop answering. */
public interface AgentWatch extends AutoCloseable {
  void track(String mercuryId, String pingAddress);

  void forget(String mercuryId);

  @Override
  void close();

  /** The liveness monitor as the backend's watch. */
  static AgentWatch of(LivenessMonitor monitor) {
    return new AgentWatch() {
      @Override
      public void track(String mercuryId, String pingAddress) {
        monitor.track(mercuryId, pingAddress);
      }

      @Override
      public void forget(String mercuryId) {
        monitor.forget(mercuryId);
      }

      @Override
      public void close() {
        monitor.close();
      }
    };
  }
}
