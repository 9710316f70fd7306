package io.mercury.agent.capability;

import io.mercury.agent.AgentConfig;
import io.mercury.agent.DeviceDocument;
import io.mercury.common.client.BackendClient;
import java.util.Objects;

/**
 * What providers and capabilities may use.
 *
 * @param config the agent's settings
 * @param device the device document, current and re-inspectable
 * @param backend the backend, e.g. for {@code update} of the inventory
 */
public record AgentEnvironment(AgentConfig config, DeviceDocument device, BackendClient backend) {
  public AgentEnvironment {
    Objects.requireNonNull(config, "config is null");
    Objects.requireNonNull(device, "device is null");
    Objects.requireNonNull(backend, "backend is null");
  }

  /** Whether reboot, kexec and reload may be offered. */
  public boolean allowPowerActions() {
    return config.allowPowerActions();
  }
}
