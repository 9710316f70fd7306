package io.mercury.cli.command.rpc;

import io.mercury.cli.CliException;
import io.mercury.cli.Mcli;
import io.mercury.cli.client.InventoryClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.filter.FilterException;
import io.mercury.cli.filter.FilterQuery;
import io.mercury.cli.filter.JsonQuery;
import io.mercury.common.id.MercuryId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which devices a job runs on: a raw JSON query ({@code -q}), mercury_ids ({@code -t}) and compact
 * filters, all ANDed, or {@code --all}. One rule for {@code rpc}, {@code submit} and {@code shell}: the
 * whole fleet is never the default, it takes {@code --all} (or {@code -q '{}'}), so a forgotten filter is
 * a usage error and not a command on every server. The frontend adds the "active" condition itself.
 */
public final class TargetOptions {
  @Option(
      names = {"-q", "--query"},
      paramLabel = "JSON",
      description = "A raw MongoDB query document ('{}' for every active device).")
  String json;

  @Option(
      names = {"-t", "--target"},
      paramLabel = "DEVICE",
      split = ",",
      description = "A target device: mercury_id, a unique prefix of it, or host name; repeat (or separate with commas) for more.")
  List<String> targets = new ArrayList<>();

  @Option(names = "--all", description = "Every active device (nothing else selects the whole fleet).")
  boolean all;

  /**
   * The query for these options and {@code filters}; a usage error when nothing selects targets, or
   * when {@code --all} is given with something that narrows it.
   */
  Map<String, Object> query(List<String> filters, Mcli mcli) throws CliException {
    boolean narrowed = json != null || !targets.isEmpty() || !filters.isEmpty();
    if (all) {
      if (narrowed) {
        throw CliException.usage("--all selects every active device; drop it or the FILTERs, -t and -q");
      }
      return new LinkedHashMap<>();
    }
    if (!narrowed) {
      throw CliException.usage(
          "no targets: give FILTERs, -t MERCURY_ID or -q JSON, or --all for every active device");
    }
    try {
      List<Map<String, Object>> parts = new ArrayList<>();
      if (json != null) {
        parts.add(JsonQuery.parse(json));
      }
      if (!targets.isEmpty()) {
        parts.add(byIds(mcli));
      }
      parts.add(FilterQuery.of(filters));
      return FilterQuery.allOf(parts);
    } catch (FilterException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  private Map<String, Object> byIds(Mcli mcli) throws CliException {
    List<String> ids = new ArrayList<>();
    InventoryClient inventory = null;
    try {
      for (String t : targets) {
        String reference = t.strip();
        if (reference.isEmpty()) {
          throw CliException.usage("empty device in -t");
        }
        String id = reference;
        if (!MercuryId.isValid(reference)) {
          if (inventory == null) {
            inventory = mcli.inventoryClient();
          }
          id = inventory.resolve(reference).orElseThrow(() -> CliException.failure("no device matches -t " + reference));
        }
        if (!ids.contains(id)) {
          ids.add(id);
        }
      }
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    } finally {
      if (inventory != null) {
        inventory.close();
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
