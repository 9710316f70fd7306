package io.mercury.inventory.query;

import io.mercury.common.dispatch.EndpointException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.types.ObjectId;

/**
 * Checks user-supplied query and projection documents before they reach MongoDB. Only data operators are
 * allowed: anything that can run code on the server ({@code $where}, {@code $function},
 * {@code $accumulator}, {@code $expr} which can embed them) is refused with a message that names the
 * operator and lists what is allowed. String {@code _id} values are converted to ObjectIds, as the
 * original does.
 */
public final class QueryGuard {
  static final Set<String> ALLOWED =
      Set.of(
          "$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists", "$type", "$regex",
          "$options", "$and", "$or", "$nor", "$not", "$elemMatch", "$size", "$all", "$mod");
  private static final int MAX_DEPTH = 32;

  private QueryGuard() {}

  /** A checked copy of {@code query}, with {@code _id} strings as ObjectIds; null means "match all". */
  public static Map<String, Object> query(Map<String, Object> query) {
    if (query == null) {
      return new LinkedHashMap<>();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> checked = (Map<String, Object>) check(query, null, 0);
    return checked;
  }

  private static Object check(Object value, String field, int depth) {
    if (depth > MAX_DEPTH) {
      throw new EndpointException("Query is nested deeper than " + MAX_DEPTH + " levels");
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        if (key.startsWith("$") && !ALLOWED.contains(key)) {
          throw new EndpointException(
              "Query operator "
                  + key
                  + " is not allowed; allowed operators: "
                  + String.join(", ", ALLOWED.stream().sorted().toList()));
        }
        String nextField = key.startsWith("$") ? field : key;
        Object checked = check(e.getValue(), nextField, depth + 1);
        out.put(key, "_id".equals(nextField) ? objectIds(checked) : checked);
      }
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(check(item, field, depth + 1));
      }
      return out;
    }
    return value;
  }

  private static Object objectIds(Object value) {
    if (value instanceof String s && ObjectId.isValid(s)) {
      return new ObjectId(s);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(QueryGuard::objectIds).toList();
    }
    return value;
  }

  /** A checked projection: field names mapped to 0/1 (or booleans); operators are refused. */
  public static Map<String, Object> projection(Map<String, Object> projection) {
    if (projection == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : projection.entrySet()) {
      if (e.getKey().isEmpty() || e.getKey().startsWith("$")) {
        throw new EndpointException("Projection field name is invalid: '" + e.getKey() + "'");
      }
      Object v = e.getValue();
      if (v instanceof Boolean b) {
        out.put(e.getKey(), b ? 1 : 0);
      } else if (v instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
        out.put(e.getKey(), n.intValue());
      } else {
        throw new EndpointException(
            "Projection value for '" + e.getKey() + "' must be 0, 1, true or false");
      }
    }
    return out;
  }

  /** Whether a checked projection includes fields (rather than excluding them). */
  public static boolean isInclusion(Map<String, Object> projection) {
    return projection.entrySet().stream()
        .anyMatch(e -> !e.getKey().equals("_id") && Integer.valueOf(1).equals(e.getValue()));
  }
}
