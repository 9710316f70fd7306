package io.mercury.inspector.collect;

import io.mercury.inspector.source.CommandResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HP/HPE servers' {@code oem_details} from {@code hpasmcli}: {@code server}, {@code dimm} and
 * {@code power_supplies}. A DIMM or power supply whose status/condition is not {@code Ok} is reported
 * as an error of the system's health.
 */
final class HpHealth {
  private HpHealth() {}

  /** The details, adding each problem found to {@code errors}; null when hpasmcli is not there. */
  static Map<String, Object> collect(Sources sources, List<String> errors) {
    CommandResult server = sources.run("hpasmcli", "-s", "show server");
    if (server.outcome() == CommandResult.Outcome.MISSING) {
      errors.add("HP health unknown: " + server.detail());
      return null;
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("server", server.ok() ? keyValues(server.stdout()) : null);
    List<Map<String, Object>> dimms = blocks(sources, "show dimm");
    details.put("dimm", dimms);
    for (Map<String, Object> dimm : dimms) {
      Object status = dimm.get("status");
      if (status != null && !"ok".equalsIgnoreCase(String.valueOf(status)) && !"n/a".equalsIgnoreCase(String.valueOf(status))) {
        errors.add("DIMM " + dimm.get("processor") + "/" + dimm.get("module") + " status: " + status);
      }
    }
    List<Map<String, Object>> supplies = blocks(sources, "show powersupply");
    details.put("power_supplies", supplies);
    for (Map<String, Object> psu : supplies) {
      Object condition = psu.get("condition");
      if ("yes".equalsIgnoreCase(String.valueOf(psu.get("present"))) && condition != null && !"ok".equalsIgnoreCase(String.valueOf(condition))) {
        errors.add(psu.get("name") + " condition: " + condition);
      }
    }
    return details;
  }

  private static List<Map<String, Object>> blocks(Sources sources, String command) {
    CommandResult r = sources.run("hpasmcli", "-s", command);
    List<Map<String, Object>> blocks = new ArrayList<>();
    if (!r.ok()) {
      return blocks;
    }
    for (String block : r.stdout().split("\n\\s*\n")) {
      Map<String, Object> values = keyValues(block);
      String first = block.strip().lines().findFirst().orElse("");
      if (first.contains("#") && !first.contains(":")) {
        values.put("name", first.strip()); // "Power supply #2"
      }
      if (!values.isEmpty()) {
        blocks.add(values);
      }
    }
    return blocks;
  }

  /** {@code Key : value} lines with lower_snake keys ({@code Module #} becomes {@code module}). */
  static Map<String, Object> keyValues(String text) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String key =
          line.substring(0, colon).strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
      if (!key.isEmpty()) {
        values.putIfAbsent(key, line.substring(colon + 1).strip());
      }
    }
    return values;
  }
}
