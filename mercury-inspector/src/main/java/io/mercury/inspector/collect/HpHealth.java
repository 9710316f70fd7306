package io.mercury.inspector.collect;

import io.mercury.inspector.document.HpEntry;
import io.mercury.inspector.document.SystemHealth;
import io.mercury.inspector.source.CommandResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.SequencedMap;

/**
 * HP/HPE servers' {@code oem_details} from {@code hpasmcli}: {@code server}, {@code dimm} and
 * {@code power_supplies}. A DIMM or power supply whose status/condition is not {@code Ok} is reported
 * as an error of the system's health.
 */
final class HpHealth {
  private HpHealth() {}

  /** The details, adding each problem found to {@code errors}; null when hpasmcli is not there. */
  static SystemHealth.OemDetails collect(Sources sources, List<String> errors) {
    CommandResult server = sources.run("hpasmcli", "-s", "show server");
    if (server.outcome() == CommandResult.Outcome.MISSING) {
      errors.add("HP health unknown: " + server.detail());
      return null;
    }
    List<HpEntry> dimms = blocks(sources, "show dimm");
    for (HpEntry dimm : dimms) {
      String status = dimm.field("status");
      if (status != null && !"ok".equalsIgnoreCase(status) && !"n/a".equalsIgnoreCase(status)) {
        errors.add("DIMM " + dimm.field("processor") + "/" + dimm.field("module") + " status: " + status);
      }
    }
    List<HpEntry> supplies = blocks(sources, "show powersupply");
    for (HpEntry psu : supplies) {
      String condition = psu.field("condition");
      if ("yes".equalsIgnoreCase(String.valueOf(psu.field("present"))) && condition != null && !"ok".equalsIgnoreCase(condition)) {
        errors.add(psu.field("name") + " condition: " + condition);
      }
    }
    return new SystemHealth.OemDetails(server.ok() ? new HpEntry(keyValues(server.stdout())) : null, dimms, supplies);
  }

  private static List<HpEntry> blocks(Sources sources, String command) {
    CommandResult r = sources.run("hpasmcli", "-s", command);
    List<HpEntry> blocks = new ArrayList<>();
    if (!r.ok()) {
      return blocks;
    }
    for (String block : r.stdout().split("\n\\s*\n")) {
      SequencedMap<String, String> values = keyValues(block);
      String first = block.strip().lines().findFirst().orElse("");
      if (first.contains("#") && !first.contains(":")) {
        values.put("name", first.strip()); // "Power supply #2"
      }
      if (!values.isEmpty()) {
        blocks.add(new HpEntry(values));
      }
    }
    return blocks;
  }

  /** {@code Key : value} lines with lower_snake keys ({@code Module #} becomes {@code module}). */
  static SequencedMap<String, String> keyValues(String text) {
    SequencedMap<String, String> values = new LinkedHashMap<>();
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
