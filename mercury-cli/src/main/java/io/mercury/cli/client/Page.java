package io.mercury.cli.client;

import java.util.List;
import java.util.Map;

/**
 * One page of an inventory query.
 *
 * @param total how many devices match the query in all
 * @param items the devices of this page, in the requested order
 */
public record Page(long total, List<Map<String, Object>> items) {
  public Page {
    items = List.copyOf(items);
  }
}
