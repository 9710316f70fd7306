package io.mercury.rpc.inventory;

import io.mercury.common.client.InventoryClient;
import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.protocol.inventory.InventoryRequest;
import io.mercury.common.protocol.inventory.QueryPage;
import io.mercury.common.protocol.inventory.SortDirection;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.TransportException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads every device matching a query from the inventory, page by page (keyset on {@code _id}), so a
 * fleet of any size arrives in bounded replies. A malformed page is an {@link UnexpectedReplyException}.
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
      InventoryClient inventory,
      Map<String, Object> query,
      Map<String, Object> projection,
      Consumer<Map<String, Object>> sink)
      throws TransportException, RemoteException, UnexpectedReplyException {
    pages(inventory, query, projection, PAGE, PAGE, page -> page.devices().forEach(sink));
  }

  /**
   * Calls {@code sink} with each page of matching devices in {@code _id} order, the first of at most
   * {@code firstPage} devices, the others of at most {@code page}: a small first page lets a caller start
   * on it while the rest is read. Stops after a short page (or an empty one).
   */
  public static void pages(
      InventoryClient inventory,
      Map<String, Object> query,
      Map<String, Object> projection,
      long firstPage,
      long page,
      PageSink sink)
      throws TransportException, RemoteException, UnexpectedReplyException {
    if (firstPage < 1 || page < 1 || page > PAGE) {
      throw new IllegalArgumentException("page sizes must be 1.." + PAGE + ", were " + firstPage + " and " + page);
    }
    Object offset = null;
    long limit = firstPage;
    while (true) {
      QueryPage reply = inventory.query(new InventoryRequest.Query(query, projection, limit, "_id", SortDirection.ASCENDING, offset));
      List<Map<String, Object>> items = reply.items();
      List<Map<String, Object>> devices = items.stream().filter(d -> d.get("mercury_id") instanceof String).toList();
      if (!devices.isEmpty()) {
        sink.accept(new Page(devices, reply.total()));
      }
      if (items.size() < limit) {
        return;
      }
      offset = items.getLast().get("_id");
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
}
