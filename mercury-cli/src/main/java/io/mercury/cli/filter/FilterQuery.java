package io.mercury.cli.filter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns compact filters into one MongoDB query document. All filters must hold (AND). Conditions on the
 * same field are merged into one operator document ({@code a>1 a<5} becomes
 * {@code {"a": {"$gt": 1, "$lt": 5}}}); when two use the same operator ({@code a~x a~y}) they go into a
 * top-level {@code $and} instead. A lone equality stays a plain value ({@code {"a": "HP"}}).
 */
public final class FilterQuery {
  private FilterQuery() {}

  /** The query for {@code filters}; an empty list matches everything ({@code {}}). */
  public static Map<String, Object> of(List<String> filters) throws FilterException {
    Map<String, List<Filter>> byField = new LinkedHashMap<>();
    for (String text : filters) {
      Filter f = Filter.parse(text);
      byField.computeIfAbsent(f.field(), k -> new ArrayList<>()).add(f);
    }
    Map<String, Object> query = new LinkedHashMap<>();
    List<Object> and = new ArrayList<>();
    byField.forEach(
        (field, conditions) -> {
          if (conditions.size() == 1 && conditions.getFirst().operator() == Operator.EQ) {
            query.put(field, conditions.getFirst().value());
            return;
          }
          Map<String, Object> merged = new LinkedHashMap<>();
          for (Filter f : conditions) {
            if (merged.containsKey(f.operator().mongo())) {
              and.add(Map.of(field, condition(f)));
            } else {
              merged.putAll(condition(f));
            }
          }
          query.put(field, merged);
        });
    if (!and.isEmpty()) {
      query.put("$and", and);
    }
    return query;
  }

  private static Map<String, Object> condition(Filter f) {
    Map<String, Object> condition = new LinkedHashMap<>();
    condition.put(f.operator().mongo(), f.value());
    return condition;
  }

  /**
   * All of {@code parts} must hold: empty parts are dropped, one part is returned as is, several are
   * joined with {@code $and}.
   */
  public static Map<String, Object> allOf(List<Map<String, Object>> parts) {
    List<Map<String, Object>> nonEmpty = parts.stream().filter(p -> !p.isEmpty()).toList();
    return switch (nonEmpty.size()) {
      case 0 -> new LinkedHashMap<>();
      case 1 -> nonEmpty.getFirst();
      default -> {
        Map<String, Object> and = new LinkedHashMap<>();
        and.put("$and", new ArrayList<Object>(nonEmpty));
        yield and;
      }
    };
  }
}
