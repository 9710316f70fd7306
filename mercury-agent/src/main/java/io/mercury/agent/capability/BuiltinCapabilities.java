package io.mercury.agent.capability;

import java.util.List;

/** The built-in capabilities every agent offers: echo, run, run_async, inspector, check_hardware. */
public final class BuiltinCapabilities implements CapabilityProvider {
  @Override
  public List<Capability> capabilities(AgentEnvironment env) {
    return List.of(
        new EchoCapability(),
        new RunCapability(),
        new RunAsyncCapability(),
        new InspectorCapability(env),
        new CheckHardwareCapability(env));
  }
}
