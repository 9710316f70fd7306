package io.mercury.common.protocol;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The device document's fields an agent owns: what its inspector reports (docs/protocol.md, "Device document") and the LLDP
 * neighbour it finds. These and nothing else may be written through the agent endpoints ({@code
 * register}, {@code update}); {@code boot}, {@code active}, {@code origin}, key fields, times and any
 * field an operator sets are written only by the daemons and operators that own them.
 *
 * <p>A new inspector collector must add its key here (a test of the inspector checks it).
 */
public final class AgentOwnedFields {
  /** Top-level keys an agent may write, besides {@code mercury_id} at registration. */
  public static final Set<String> FIELDS =
      Set.of(
          "agent_info", "cpu", "dmi", "interfaces", "mem", "os_storage", "pci", "routes", "bmc",
          "system_health", "raid", "lldp");

  private AgentOwnedFields() {}

  /**
   * The keys of {@code document} an agent may not write, sorted; {@code mercury_id} is allowed when
   * {@code withId}.
   */
  public static List<String> foreign(Map<?, ?> document, boolean withId) {
    Set<String> foreign = new TreeSet<>();
    for (Object key : document.keySet()) {
      String k = String.valueOf(key);
      if (!FIELDS.contains(k) && !(withId && k.equals("mercury_id"))) {
        foreign.add(k);
      }
    }
    return List.copyOf(foreign);
  }
}
