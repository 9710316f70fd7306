package io.mercury.cli.command.rpc;

import io.mercury.cli.CliException;
import io.mercury.cli.filter.FilterException;
import io.mercury.cli.filter.FilterQuery;
import io.mercury.cli.filter.JsonQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which devices a job runs on: a raw JSON query ({@code -q}), mercury_ids ({@code -t}) and compact
 * filters, all ANDed. {@code mcli rpc METHOD} with none of them runs on every active device;
 * {@code submit} and {@code shell} need something (an explicit {@code -q '{}'} for every device). The
 * frontend adds the "active" condition itself.
 */
public final class TargetOptions {
  @Option(
      names = {"-q", "--query"},
      paramLabel = "JSON",
      description = "A raw MongoDB query document ('{}' for every active device).")
  String json;

  @Option(
      names = {"-t", "--target"},
      paramLabel = "MERCURY_ID",
      split = ",",
      description = "A target device; repeat (or separate with commas) for more.")
  List<String> targets = new ArrayList<>();

  /** The query for these options and {@code filters}; usage error when nothing selects targets. */
  Map<String, Object> query(List<String> filters) throws CliException {
    return query(filters, false);
  }

  /**
   * The query for these options and {@code filters}; with nothing given, {@code everyActive} decides
   * between every active device ({@code {}}) and a usage error.
   */
  Map<String, Object> query(List<String> filters, boolean everyActive) throws CliException {
    if (json == null && targets.isEmpty() && filters.isEmpty()) {
      if (everyActive) {
        return new LinkedHashMap<>();
      }
      throw CliException.usage(
          "no targets: give FILTERs, -t MERCURY_ID or -q JSON (-q '{}' for every active device)");
    }
    try {
      List<Map<String, Object>> parts = new ArrayList<>();
      if (json != null) {
        parts.add(JsonQuery.parse(json));
      }
      if (!targets.isEmpty()) {
        parts.add(byIds());
      }
      parts.add(FilterQuery.of(filters));
      return FilterQuery.allOf(parts);
    } catch (FilterException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  private Map<String, Object> byIds() throws CliException {
    List<String> ids = new ArrayList<>();
    for (String t : targets) {
      String id = t.strip();
      if (id.isEmpty()) {
        throw CliException.usage("empty mercury_id in -t");
      }
      if (!ids.contains(id)) {
        ids.add(id);
      }
    }
    Map<String, Object> query = new LinkedHashMap<>();
    if (ids.size() == 1) {
      query.put("mercury_id", ids.getFirst());
    } else {
      query.put("mercury_id", new LinkedHashMap<>(Map.of("$in", ids)));
    }
    return query;
  }
}
