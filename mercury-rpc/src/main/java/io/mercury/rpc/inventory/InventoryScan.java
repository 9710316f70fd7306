package io.mercury.rpc.inventory;

import io.mercury.common.protocol.Request;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.util.ArrayList;
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

  /** One page of a scan: its devices, and how many devices the whole query matched when it was read. */
  public record Page(List<Map<String, Object>> devices, long total) {}

  /** Receives a scan's pages in order; may throw to stop the scan. */
  @FunctionalInterface
  public interface PageSink {
    void accept(Page page) throws TransportException, RemoteException;
  }

  /** Calls {@code sink} with each matching device (with at least {@code mercury_id}). */
  public static void scan(
      ServiceClient inventory,
      Map<String, Object> query,
      Map<String, Object> projection,
      Consumer<Map<String, Object>> sink)
      throws TransportException, RemoteException {
    pages(inventory, query, projection, PAGE, PAGE, page -> page.devices().forEach(sink));
  }

  /**
   * Calls {@code sink} with each page of matching devices in {@code _id} order, the first of at most
   * {@code firstPage} devices, the others of at most {@code page}: a small first page lets a caller start
   * on it while the rest is read. Stops after a short page (or an empty one).
   */
  public static void pages(
      ServiceClient inventory,
      Map<String, Object> query,
      Map<String, Object> projection,
      long firstPage,
      long page,
      PageSink sink)
      throws TransportException, RemoteException {
    if (firstPage < 1 || page < 1 || page > PAGE) {
      throw new IllegalArgumentException("page sizes must be 1.." + PAGE + ", were " + firstPage + " and " + page);
    }
    Object offset = null;
    long limit = firstPage;
    while (true) {
      Map<String, Object> kwargs = new LinkedHashMap<>();
      kwargs.put("projection", projection);
      kwargs.put("limit", limit);
      kwargs.put("sort", "_id");
      kwargs.put("sort_direction", 1L);
      kwargs.put("offset_id", offset);
      Object reply = inventory.invoke(new Request("query", List.of(query), kwargs), true);
      List<?> items = reply instanceof Map<?, ?> m && m.get("items") instanceof List<?> l ? l : List.of();
      long total = reply instanceof Map<?, ?> m && m.get("total") instanceof Number n ? n.longValue() : items.size();
      List<Map<String, Object>> devices = new ArrayList<>(items.size());
      for (Object item : items) {
        if (item instanceof Map<?, ?> device && device.get("mercury_id") instanceof String) {
          devices.add(cast(device));
        }
      }
      if (!devices.isEmpty()) {
        sink.accept(new Page(devices, total));
      }
      if (items.size() < limit) {
        return;
      }
      offset = ((Map<?, ?>) items.get(items.size() - 1)).get("_id");
      limit = page;
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
