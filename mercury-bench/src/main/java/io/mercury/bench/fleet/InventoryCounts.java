package io.mercury.bench.fleet;

import io.mercury.common.protocol.Request;
import io.mercury.common.transport.ServiceClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inventory queries the benchmark counts devices with: how many of the fleet's devices are active.
 *
 * <p>Threading: as the {@link ServiceClient} given (one thread at a time).
 */
final class InventoryCounts {
  private InventoryCounts() {}

  /** Devices registered through the bench stack's backend and active now. */
  static Map<String, Object> activeQuery() {
    return Map.of("origin.name", BenchStack.BACKEND_NAME, "active", notNull());
  }

  /** {@code {"$ne": null}} (Map.of takes no null). */
  static Map<String, Object> notNull() {
    Map<String, Object> notNull = new LinkedHashMap<>();
    notNull.put("$ne", null);
    return notNull;
  }

  /** The inventory's {@code count} of {@code query}. */
  static long count(ServiceClient inventory, Map<String, Object> query) throws Exception {
    return ((Number) inventory.invoke(new Request("count", List.of(query), Map.of()), true)).longValue();
  }
}
