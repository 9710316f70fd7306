package io.mercury.rpc.backend;

/** Keeps pinging the agents it is told about; reports the ones that stop answering. */
public interface AgentWatch {
  void track(String mercuryId, String pingAddress);

  void forget(String mercuryId);
}
