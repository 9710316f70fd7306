package io.mercury.inspector.collect;

import io.mercury.common.logging.MercuryVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code agent_info}: the versions of the agent and of Mercury, and the host name from /etc/hostname. */
public final class AgentInfoCollector implements Collector {
  @Override
  public String key() {
    return "agent_info";
  }

  @Override
  public Object collect(Sources sources) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("agent_version", MercuryVersion.get());
    info.put("mercury_version", MercuryVersion.get());
    info.put("hostname", sources.root().readTrimmed("/etc/hostname").filter(h -> !h.isEmpty()).orElse(null));
    return info;
  }
}
