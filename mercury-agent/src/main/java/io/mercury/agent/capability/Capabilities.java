package io.mercury.agent.capability;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capabilities one agent publishes: those of every provider, minus the unavailable ones. A name
 * offered twice is a configuration error.
 */
public final class Capabilities {
  private static final Logger log = LoggerFactory.getLogger(Capabilities.class);

  private final Map<String, Capability> byName;

  private Capabilities(Map<String, Capability> byName) {
    this.byName = byName;
  }

  /** Asks every provider found by {@link ServiceLoader} on the class path. */
  public static Capabilities load(AgentEnvironment environment) {
    List<CapabilityProvider> providers =
        ServiceLoader.load(CapabilityProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    return of(providers, environment);
  }

  /**
   * Asks the given providers.
   *
   * @throws IllegalStateException when two capabilities share a name
   */
  public static Capabilities of(Collection<CapabilityProvider> providers, AgentEnvironment environment) {
    Map<String, Capability> byName = new LinkedHashMap<>();
    for (CapabilityProvider provider : providers) {
      for (Capability c : provider.capabilities(environment)) {
        String name = c.descriptor().name();
        if (!c.isAvailable()) {
          log.info("capability {} is not available on this machine; not published", name);
          continue;
        }
        Capability previous = byName.putIfAbsent(name, c);
        if (previous != null) {
          throw new IllegalStateException(
              "capability " + name + " is offered by both " + previous.getClass().getName() + " and "
                  + c.getClass().getName());
        }
      }
    }
    return new Capabilities(byName);
  }

  public Optional<Capability> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Collection<String> names() {
    return byName.keySet();
  }

  /** {@code {name: descriptor}} as published in {@code agent_info.capabilities}. */
  public Map<String, Object> toWire() {
    Map<String, Object> wire = new LinkedHashMap<>();
    byName.forEach((name, c) -> wire.put(name, c.descriptor().toWire(c.getClass().getSimpleName())));
    return wire;
  }
}
