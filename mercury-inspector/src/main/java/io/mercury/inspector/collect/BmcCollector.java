package io.mercury.inspector.collect;

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
public final class BmcCollector implements Collector {
  @Override
  public String key() {
    return "bmc";
  }

  @Override
  public Object collect(Sources sources) throws CollectorException {
    String vendor = sources.root().readTrimmed("/sys/class/dmi/id/sys_vendor").orElse("");
    String channel = vendor.startsWith("HP") ? "2" : "1";
    Map<String, String> lan = keyValues(ToolOutput.require(sources, "ipmitool", "lan", "print", channel));
    Map<String, Object> network = new LinkedHashMap<>();
    String source = lan.getOrDefault("IP Address Source", "").toLowerCase(Locale.ROOT);
    network.put("source", source.contains("dhcp") ? "dhcp" : source.contains("static") ? "static" : null);
    network.put("ip_address", lan.get("IP Address"));
    network.put("netmask", lan.get("Subnet Mask"));
    network.put("mac_address", lan.get("MAC Address"));
    network.put("gateway", lan.get("Default Gateway IP"));
    Map<String, Object> bmc = new LinkedHashMap<>();
    bmc.put("network", network);
    CommandResult mc = sources.run("ipmitool", "mc", "info");
    bmc.put("system", mc.ok() ? mcInfo(mc.stdout()) : null);
    return bmc;
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
  static Map<String, Object> mcInfo(String text) {
    Map<String, Object> info = new LinkedHashMap<>();
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
        info.put(key, open);
      } else {
        open = null;
        info.put(key, value);
      }
    }
    return info;
  }
}
