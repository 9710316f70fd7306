/**
 * Capabilities, the methods an agent runs: the {@link io.mercury.agent.capability.Capability} SPI, its
 * {@link io.mercury.agent.capability.CapabilityDescriptor}, providers found with {@link
 * java.util.ServiceLoader} ({@link io.mercury.agent.capability.CapabilityProvider}), the built-ins and the
 * opt-in power actions.
 */
package io.mercury.agent.capability;
