package io.mercury.inventory.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of a boot-state change.
 *
 * @param matched devices the query matched
 * @param modified devices whose document changed
 */
public record BootUpdate(long matched, long modified) {
  /** The original's reply shape. */
  public Map<String, Object> toWire() {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("matched_count", matched);
    wire.put("modified_count", modified);
    return wire;
  }
}
