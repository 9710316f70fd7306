package io.mercury.inspector.collect;

import io.mercury.inspector.document.Bmc;
import io.mercury.inspector.source.CommandResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bmc}: the baseboard management controller from {@code ipmitool}: {@code network} from
 * {@code lan print} (channel 1; channel 2 on HP iLO, as the original) and {@code system} from
 * {@code mc info} with lower_snake keys. Without ipmitool (or a BMC) the key is null, with the reason
 * logged.
 */
public final class BmcCollector implements Collector<Bmc> {
  @Override
  public String key() {
    return "bmc";
  }

  @Override
  public Bmc collect(Sources sources) throws CollectorException {
    String vendor = sources.root().readTrimmed("/sys/class/dmi/id/sys_vendor").orElse("");
    String channel = vendor.startsWith("HP") ? "2" : "1";
    Map<String, String> lan = keyValues(ToolOutput.require(sources, "ipmitool", "lan", "print", channel));
    String source = lan.getOrDefault("IP Address Source", "").toLowerCase(Locale.ROOT);
    Bmc.Network network =
        new Bmc.Network(
            source.contains("dhcp") ? "dhcp" : source.contains("static") ? "static" : null,
            lan.get("IP Address"),
            lan.get("Subnet Mask"),
            lan.get("MAC Address"),
            lan.get("Default Gateway IP"));
    CommandResult mc = sources.run("ipmitool", "mc", "info");
    return new Bmc(network, mc.ok() ? mcInfo(mc.stdout()) : null);
  }

  private static Map<String, String> keyValues(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(" : ");
      if (colon > 0 && !line.startsWith(" ")) {
        values.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 3).strip());
      }
    }
    return values;
  }

  /** {@code Key : value} lines; a key with an empty value collects the indented lines after it as a list. */
  static List<Bmc.SystemField> mcInfo(String text) {
    Map<String, Pending> info = new LinkedHashMap<>();
    List<String> open = null;
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (Character.isWhitespace(line.charAt(0)) || colon < 0) {
        if (open != null) {
          open.add(line.strip());
        }
        continue;
      }
      String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
      String value = line.substring(colon + 1).strip();
      if (value.isEmpty()) {
        open = new ArrayList<>();
        info.put(key, new Pending(null, open));
      } else {
        open = null;
        info.put(key, new Pending(value, null));
      }
    }
    // a field's lines are gathered after it is created: frozen only now
    List<Bmc.SystemField> fields = new ArrayList<>();
    info.forEach((key, p) -> fields.add(new Bmc.SystemField(key, p.value(), p.lines())));
    return fields;
  }

  /** A field being read: its lines may still grow. */
  private record Pending(String value, List<String> lines) {}
}
