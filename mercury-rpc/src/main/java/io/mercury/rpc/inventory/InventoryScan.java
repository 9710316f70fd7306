package io.mercury.rpc.inventory;

import io.mercury.common.protocol.Request;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads every device matching a query from the inventory, page by page (keyset on {@code _id}), so a
 * fleet of any size arrives in bounded replies.
 */
public final class InventoryScan {
  private static final long PAGE = 1000;

  private InventoryScan() {}

  /** Calls {@code sink} with each matching device (with at least {@code mercury_id}). */
  public static void scan(
      ServiceClient inventory,
      Map<String, Object> query,
      Map<String, Object> projection,
      Consumer<Map<String, Object>> sink)
      throws TransportException, RemoteException {
    Object offset = null;
    while (true) {
      Map<String, Object> kwargs = new LinkedHashMap<>();
      kwargs.put("projection", projection);
      kwargs.put("limit", PAGE);
      kwargs.put("sort", "_id");
      kwargs.put("sort_direction", 1L);
      kwargs.put("offset_id", offset);
      Object reply = inventory.invoke(new Request("query", List.of(query), kwargs), true);
      List<?> items = reply instanceof Map<?, ?> page && page.get("items") instanceof List<?> l ? l : List.of();
      for (Object item : items) {
        if (item instanceof Map<?, ?> device && device.get("mercury_id") instanceof String) {
          sink.accept(cast(device));
        }
      }
      if (items.size() < PAGE) {
        return;
      }
      offset = ((Map<?, ?>) items.get(items.size() - 1)).get("_id");
    }
  }

  /** {@code query} restricted to devices with an agent registered ({@code active} not null). */
  public static Map<String, Object> activeOnly(Map<String, Object> query) {
    Map<String, Object> notNull = new LinkedHashMap<>();
    notNull.put("$ne", null);
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("$and", List.of(query, Map.of("active", notNull)));
    return q;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
