package io.mercury.common.protocol.inventory;

import io.mercury.common.protocol.Request;
import io.mercury.common.protocol.UnexpectedReplyException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one mapper between the inventory's records and its wire maps, with the original's field names.
 * Requests take the form Mercury's clients have always sent (so the bytes do not change): required
 * arguments positional, {@code update_one}'s {@code update_data} and every optional argument by keyword,
 * in declaration order. Replies are read leniently where the original's stand-ins were terse.
 */
public final class InventoryWire {
  private static final String SERVICE = "inventory";

  private InventoryWire() {}

  /** The request that carries {@code request}. */
  public static Request request(InventoryRequest request) {
    String endpoint = request.endpoint().wireName();
    return switch (request) {
      case InventoryRequest.InsertOne r -> new Request(endpoint, List.of(r.deviceInfo()), Map.of());
      case InventoryRequest.UpdateOne r ->
          new Request(endpoint, List.of(r.mercuryId()), Map.of("update_data", r.updateData()));
      case InventoryRequest.GetOne r -> new Request(endpoint, List.of(r.mercuryId()), kwargs("projection", r.projection()));
      case InventoryRequest.Query r -> {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("projection", r.projection());
        kwargs.put("limit", r.limit());
        kwargs.put("sort", r.sort());
        kwargs.put("sort_direction", r.sortDirection().wireValue());
        kwargs.put("offset_id", r.offsetId());
        yield new Request(endpoint, List.of(r.query()), kwargs);
      }
      case InventoryRequest.Count r -> new Request(endpoint, List.of(r.query()), Map.of());
      case InventoryRequest.Delete r -> new Request(endpoint, List.of(r.mercuryId()), Map.of());
      case InventoryRequest.UpdateBoot r -> new Request(endpoint, List.of(r.mercuryId(), r.bootData()), Map.of());
      case InventoryRequest.UpdateBootMany r -> new Request(endpoint, List.of(r.query(), r.bootData()), Map.of());
    };
  }

  /** {@code {"object_id": hex}}. */
  public static Map<String, Object> toWire(ObjectIdReply reply) {
    return kwargs("object_id", reply.objectId());
  }

  /** {@code {"total", "limit", "items", "sort_direction"}}; no {@code sort_direction} when it is unknown. */
  public static Map<String, Object> toWire(QueryPage page) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("total", page.total());
    wire.put("limit", page.limit());
    wire.put("items", page.items());
    if (page.sortDirection() != null) {
      wire.put("sort_direction", page.sortDirection().name());
    }
    return wire;
  }

  /** {@code {"deleted_count"}}, with {@code "revoked_keys"} when keys were revoked. */
  public static Map<String, Object> toWire(DeleteReply reply) {
    Map<String, Object> wire = kwargs("deleted_count", reply.deletedCount());
    if (reply.revokedKeys() != 0) {
      wire.put("revoked_keys", reply.revokedKeys());
    }
    return wire;
  }

  /** {@code {"matched_count", "modified_count"}}. */
  public static Map<String, Object> toWire(BootUpdateReply reply) {
    Map<String, Object> wire = kwargs("matched_count", reply.matchedCount());
    wire.put("modified_count", reply.modifiedCount());
    return wire;
  }

  /** The reply of {@code insert_one} or {@code update_one}. */
  public static ObjectIdReply objectId(InventoryEndpoint endpoint, Object message) throws UnexpectedReplyException {
    Map<String, Object> map = map(endpoint, message);
    Object id = map.get("object_id");
    if (id != null && !(id instanceof String)) {
      throw unexpected(endpoint, message);
    }
    return new ObjectIdReply((String) id);
  }

  /** The reply of {@code get_one}: the device document, or empty when there is no such device. */
  public static Optional<Map<String, Object>> device(Object message) throws UnexpectedReplyException {
    return message == null ? Optional.empty() : Optional.of(map(InventoryEndpoint.GET_ONE, message));
  }

  /**
   * The reply of {@code query}. {@code total} and {@code items} are required; a missing {@code limit}
   * reads as 0 and a missing {@code sort_direction} as null.
   */
  public static QueryPage queryPage(Object message) throws UnexpectedReplyException {
    InventoryEndpoint endpoint = InventoryEndpoint.QUERY;
    Map<String, Object> map = map(endpoint, message);
    if (!(map.get("total") instanceof Number total) || !(map.get("items") instanceof List<?> raw)) {
      throw unexpected(endpoint, message);
    }
    List<Map<String, Object>> items = new ArrayList<>(raw.size());
    for (Object item : raw) {
      items.add(map(endpoint, item));
    }
    long limit = map.get("limit") instanceof Number n ? n.longValue() : 0;
    Object named = map.get("sort_direction");
    SortDirection direction =
        "ASCENDING".equals(named) ? SortDirection.ASCENDING : "DESCENDING".equals(named) ? SortDirection.DESCENDING : null;
    return new QueryPage(total.longValue(), limit, items, direction);
  }

  /** The reply of {@code count}. */
  public static long count(Object message) throws UnexpectedReplyException {
    if (message instanceof Number n) {
      return n.longValue();
    }
    throw unexpected(InventoryEndpoint.COUNT, message);
  }

  /** The reply of {@code delete}; a missing {@code revoked_keys} is 0. */
  public static DeleteReply deleteReply(Object message) throws UnexpectedReplyException {
    Map<String, Object> map = map(InventoryEndpoint.DELETE, message);
    if (!(map.get("deleted_count") instanceof Number deleted)) {
      throw unexpected(InventoryEndpoint.DELETE, message);
    }
    long revoked = map.get("revoked_keys") instanceof Number n ? n.longValue() : 0;
    return new DeleteReply(deleted.longValue(), revoked);
  }

  /** The reply of {@code update_boot} or {@code update_boot_many}. */
  public static BootUpdateReply bootUpdate(InventoryEndpoint endpoint, Object message) throws UnexpectedReplyException {
    Map<String, Object> map = map(endpoint, message);
    if (!(map.get("matched_count") instanceof Number matched) || !(map.get("modified_count") instanceof Number modified)) {
      throw unexpected(endpoint, message);
    }
    return new BootUpdateReply(matched.longValue(), modified.longValue());
  }

  private static Map<String, Object> kwargs(String key, Object value) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(key, value);
    return map;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(InventoryEndpoint endpoint, Object message) throws UnexpectedReplyException {
    if (message instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw unexpected(endpoint, message);
  }

  private static UnexpectedReplyException unexpected(InventoryEndpoint endpoint, Object message) {
    return new UnexpectedReplyException(SERVICE, endpoint.wireName(), message);
  }
}
