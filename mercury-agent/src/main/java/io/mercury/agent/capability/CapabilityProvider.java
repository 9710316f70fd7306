package io.mercury.agent.capability;

import java.util.List;

/**
 * A plug-in that contributes capabilities. Providers are found with {@link java.util.ServiceLoader}: list
 * the class in {@code META-INF/services/io.mercury.agent.capability.CapabilityProvider}; it needs a public
 * no-argument constructor.
 */
public interface CapabilityProvider {
  /** The capabilities this provider offers in that environment; may be empty. */
  List<Capability> capabilities(AgentEnvironment environment);
}
