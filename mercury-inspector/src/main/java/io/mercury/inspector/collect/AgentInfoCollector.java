package io.mercury.inspector.collect;

import io.mercury.common.logging.MercuryVersion;
import io.mercury.inspector.document.AgentInfo;

/** {@code agent_info}: the versions of the agent and of Mercury, and the host name from /etc/hostname. */
public final class AgentInfoCollector implements Collector<AgentInfo> {
  @Override
  public String key() {
    return "agent_info";
  }

  @Override
  public AgentInfo collect(Sources sources) {
    return new AgentInfo(
        MercuryVersion.get(),
        MercuryVersion.get(),
        sources.root().readTrimmed("/etc/hostname").filter(h -> !h.isEmpty()).orElse(null));
  }
}
