package io.mercury.inspector.document;

/** {@code agent_info}: the agent's and Mercury's versions and the host name (null when unknown). */
public record AgentInfo(String agentVersion, String mercuryVersion, String hostname) implements Section {}
