package io.mercury.rpc.backend;

import io.mercury.rpc.liveness.LivenessMonitor;
import java.time.Duration;

/** Keeps pinging the agents it is told about; reports the ones that stop answering. */
public interface AgentWatch extends AutoCloseable {
  void track(String mercuryId, String pingAddress);

  void forget(String mercuryId);

  /** The agent sent a heartbeat; false when it is not tracked (it must register again). */
  boolean heard(String mercuryId);

  /** How often agents are asked to send heartbeats; zero when they are not. */
  Duration heartbeatInterval();

  /** The agent's own connection to the backend closed: check soon whether it is still alive. */
  void connectionClosed(String mercuryId);

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
      public boolean heard(String mercuryId) {
        return monitor.heard(mercuryId);
      }

      @Override
      public Duration heartbeatInterval() {
        return monitor.heartbeatInterval();
      }

      @Override
      public void connectionClosed(String mercuryId) {
        monitor.connectionClosed(mercuryId);
      }

      @Override
      public void close() {
        monitor.close();
      }
    };
  }
}
