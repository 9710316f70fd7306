package io.mercury.agent.capability;

import io.mercury.common.transport.RemoteException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code inspector()}: inspects the machine again, sends the top-level keys that changed to the inventory
 * through the backend's {@code update(mercury_id, changes)} (nothing when none changed), and returns the
 * whole document. A refused or undelivered update fails the task.
 */
public final class InspectorCapability implements Capability {
  private static final CapabilityDescriptor DESCRIPTOR =
      CapabilityDescriptor.of("inspector", "Run inspector", "")
          .withNumArgs(0)
          .withDoc("Re-inspects the device, pushes the changed parts to the inventory and returns the document.");

  private final AgentEnvironment env;

  public InspectorCapability(AgentEnvironment env) {
    this.env = env;
  }

  @Override
  public CapabilityDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Object run(TaskContext ctx, List<Object> args, Map<String, Object> kwargs) throws Exception {
    Map<String, Object> before = env.device().current();
    Map<String, Object> after = env.device().reinspect();
    Map<String, Object> changes = changes(before, after);
    if (!changes.isEmpty()) {
      ctx.progress("Updating inventory", 0.9);
      try {
        env.backend().update(ctx.mercuryId(), changes);
      } catch (RemoteException e) {
        throw new IllegalStateException("the backend refused the inventory update: " + e.getMessage());
      }
    }
    return after;
  }

  /** Top-level keys of {@code after} whose value differs from {@code before}; never mercury_id. */
  static Map<String, Object> changes(Map<String, Object> before, Map<String, Object> after) {
    Map<String, Object> changes = new LinkedHashMap<>();
    after.forEach(
        (key, value) -> {
          if (!key.equals("mercury_id") && !Objects.equals(before.get(key), value)) {
            changes.put(key, value);
          }
        });
    return changes;
  }
}
