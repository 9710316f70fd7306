package io.mercury.cli.command.inventory;

import io.mercury.cli.CliException;
import io.mercury.cli.filter.FilterException;
import io.mercury.cli.filter.FilterQuery;
import io.mercury.cli.filter.JsonQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** How a command selects devices: compact filters, a raw JSON query and {@code --active}. */
public final class QueryOptions {
  @Parameters(
      paramLabel = "FILTER",
      arity = "0..*",
      description = {
        "key=value, key!=value, key<value, key<=value, key>value, key>=value,",
        "key~regex, key (present, not null), !key (missing or null). All must hold.",
        "Numbers, true, false and null are typed; \"double quotes\" force a string."
      })
  List<String> filters = new ArrayList<>();

  @Option(
      names = {"-q", "--query"},
      paramLabel = "JSON",
      description = "A raw MongoDB query document; ANDed with the filters.")
  String json;

  @Option(
      names = {"-a", "--active"},
      description = "Only devices whose agent is active (active != null).")
  boolean active;

  /** The query document; a bad filter or bad JSON is a usage error. */
  Map<String, Object> query() throws CliException {
    try {
      List<Map<String, Object>> parts = new ArrayList<>();
      if (json != null) {
        parts.add(JsonQuery.parse(json));
      }
      parts.add(FilterQuery.of(filters));
      if (active) {
        Map<String, Object> notNull = new LinkedHashMap<>();
        notNull.put("$ne", null);
        parts.add(Map.of("active", notNull));
      }
      return FilterQuery.allOf(parts);
    } catch (FilterException e) {
      throw CliException.usage(e.getMessage());
    }
  }
}
