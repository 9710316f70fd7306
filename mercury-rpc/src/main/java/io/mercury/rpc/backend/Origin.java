package io.mercury.rpc.backend;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The backend as stamped on each device it registers ({@code device.origin}): its name, datacenter and
 * the address the frontend reaches it at. The frontend sends a device's tasks to that address.
 */
public record Origin(String name, String datacenter, String address, long port) {
  public Origin {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(address, "address is null");
  }

  public Map<String, Object> toDocument() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("name", name);
    doc.put("datacenter", datacenter);
    doc.put("address", address);
    doc.put("port", port);
    return doc;
  }
}
