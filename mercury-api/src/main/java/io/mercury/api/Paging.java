package io.mercury.api;

import io.javalin.http.Context;
import io.mercury.common.protocol.inventory.InventoryRequest;
import io.mercury.common.protocol.inventory.SortDirection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The common query-string parameters (docs/protocol.md, "HTTP API"): {@code projection=a,b.c}, {@code limit} (digits
 * only, else the default), {@code sort_direction} ({@code -1} descending, anything else ascending),
 * {@code offset_id} and {@code sort_key} (default {@code _id}). Invalid values fall back to the defaults,
 * as in the original.
 *
 * @param projection the projection, or null for the route's default
 * @param limit most items, 0 for all
 * @param sortDirection 1 or -1
 * @param offsetId the last id of the previous page, or null
 * @param sortKey field to sort by
 */
record Paging(Map<String, Object> projection, long limit, int sortDirection, String offsetId, String sortKey) {
  private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");

  static Paging from(Context ctx, long defaultLimit) {
    String limitText = ctx.queryParam("limit");
    long limit = limitText != null && DIGITS.matcher(limitText).matches() ? Long.parseLong(limitText) : defaultLimit;
    int direction = "-1".equals(strip(ctx.queryParam("sort_direction"))) ? -1 : 1;
    String offset = strip(ctx.queryParam("offset_id"));
    String sort = strip(ctx.queryParam("sort_key"));
    return new Paging(
        projection(ctx),
        limit,
        direction,
        offset == null || offset.isEmpty() || offset.equals("null") ? null : offset,
        sort == null || sort.isEmpty() || sort.startsWith("$") || sort.equals("null") ? "_id" : sort);
  }

  /** {@code ?projection=a,b.c} as {@code {a: 1, "b.c": 1}}, or null when absent or empty. */
  static Map<String, Object> projection(Context ctx) {
    String text = ctx.queryParam("projection");
    if (text == null) {
      return null;
    }
    Map<String, Object> projection = new LinkedHashMap<>();
    for (String field : text.split(",")) {
      String f = field.strip();
      if (!f.isEmpty() && !f.equals("null") && !f.startsWith("$")) {
        projection.put(f, 1);
      }
    }
    return projection.isEmpty() ? null : projection;
  }

  Map<String, Object> projectionOr(Map<String, Object> fallback) {
    return projection == null ? fallback : projection;
  }

  /** The inventory {@code query} of {@code query} with these parameters. */
  InventoryRequest.Query query(Map<String, Object> query, Map<String, Object> defaultProjection) {
    return new InventoryRequest.Query(
        query, projectionOr(defaultProjection), limit, sortKey, SortDirection.of(sortDirection), offsetId);
  }

  private static String strip(String s) {
    return s == null ? null : s.strip();
  }
}
