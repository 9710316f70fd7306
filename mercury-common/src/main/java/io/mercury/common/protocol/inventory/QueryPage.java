package io.mercury.common.protocol.inventory;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reply of {@code query}: one page of devices.
 *
 * @param total every match of the query, ignoring limit and offset
 * @param limit the limit requested (0 = none)
 * @param items the device documents of this page, in the requested order
 * @param sortDirection the order of the items; null when the service did not say (stand-ins)
 */
public record QueryPage(long total, long limit, List<Map<String, Object>> items, SortDirection sortDirection) {
  public QueryPage {
    Objects.requireNonNull(items, "items is null");
    items = List.copyOf(items);
  }
}
