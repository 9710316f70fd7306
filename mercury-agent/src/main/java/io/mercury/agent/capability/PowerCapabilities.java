package io.mercury.agent.capability;

import java.util.List;

/**
 * reboot, kexec and reload: offered only when {@code agent.allow_power_actions} is true, and each only
 * where its tools are installed.
 */
public final class PowerCapabilities implements CapabilityProvider {
  @Override
  public List<Capability> capabilities(AgentEnvironment env) {
    if (!env.allowPowerActions()) {
      return List.of();
    }
    return List.of(new RebootCapability(), new KexecCapability(), new ReloadCapability());
  }
}
