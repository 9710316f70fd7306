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
  /** The filter language, as the help footer of every command that takes filters. */
  public static final String FILTER_HELP =
      "%nFilters:%n"
          + "  key=value  key!=value  key<value  key<=value  key>value  key>=value%n"
          + "  key~regex  matches a regular expression; (?i) ignores case: 'dmi.sys_vendor~(?i)^hpe$'%n"
          + "  key        present and not null;   !key  missing or null%n"
          + "Keys are dotted paths (dmi.sys_vendor, interfaces.devname). Values that read%n"
          + "as numbers (42, 1.5, 64e9) are numbers, true/false/null are literals, anything%n"
          + "else is a string; double quotes force one: 'dmi.chassis_type=\"17\"'.%n"
          + "In < <= > >=, sizes are bytes: 'mem.MemTotal>=300G' (K M G T P are powers of 1000,%n"
          + "as the inventory counts memory; KiB MiB GiB TiB powers of 1024).%n"
          + "Quote filters containing < > ! ~ from the shell.";

  @Parameters(
      paramLabel = "FILTER",
      arity = "0..*",
      description = "Conditions on device fields; all must hold (see Filters below).")
  public List<String> filters = new ArrayList<>();

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
  public Map<String, Object> query() throws CliException {
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
