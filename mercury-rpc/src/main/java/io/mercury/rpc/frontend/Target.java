package io.mercury.rpc.frontend;

import java.util.Map;

/**
 * An active device a job runs on, as the inventory returns it.
 *
 * @param mercuryId the device
 * @param active what its agent registered: addresses, ports, capabilities
 * @param origin the backend the agent registered with: name, datacenter, address, port
 */
public record Target(String mercuryId, Map<String, Object> active, Map<String, Object> origin) {
  @SuppressWarnings("unchecked")
  static Target from(Map<String, Object> device) {
    return new Target(
        (String) device.get("mercury_id"),
        device.get("active") instanceof Map<?, ?> a ? (Map<String, Object>) a : Map.of(),
        device.get("origin") instanceof Map<?, ?> o ? (Map<String, Object>) o : Map.of());
  }
}
