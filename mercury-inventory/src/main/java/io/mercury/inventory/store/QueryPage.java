package io.mercury.inventory.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * One page of query results.
 *
 * @param total every match of the query, ignoring limit and offset
 * @param limit the limit requested (0 = none)
 * @param items the documents of this page
 * @param direction 1 ascending, -1 descending
 */
public record QueryPage(long total, long limit, List<Document> items, int direction) {
  /** The original's reply shape. */
  public Map<String, Object> toWire() {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("total", total);
    wire.put("limit", limit);
    wire.put("items", items);
    wire.put("sort_direction", direction > 0 ? "ASCENDING" : "DESCENDING");
    return wire;
  }
}
