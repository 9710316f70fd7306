package io.mercury.cli.client;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to ask the inventory's {@code query} endpoint for.
 *
 * @param query the MongoDB query document
 * @param fields dotted field paths to return; empty means the endpoint's default ({@code _id} and
 *     {@code mercury_id} only)
 * @param sort the field to sort by; {@code _id} (insertion order) pages most efficiently
 * @param descending whether to sort in descending order
 */
public record DeviceQuery(
    Map<String, Object> query, List<String> fields, String sort, boolean descending) {
  public static final String ID_SORT = "_id";

  public DeviceQuery {
    Objects.requireNonNull(query, "query is null");
    fields = List.copyOf(fields);
    Objects.requireNonNull(sort, "sort is null");
  }

  /** Whether results can be paged by keyset: only {@code _id} is unique and always present. */
  boolean pageable() {
    return ID_SORT.equals(sort);
  }
}
