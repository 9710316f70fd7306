package io.mercury.inspector.collect;

import io.mercury.inspector.source.CommandResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pci}: one entry per device of {@code lspci -nnvmmk}, with the original's keys ({@code slot},
 * {@code class_name}/{@code class_id}, {@code vendor_*}, {@code device_*}, {@code svendor_*},
 * {@code sdevice_*}, {@code revision}, {@code progif}, {@code driver}), only those the output has.
 * A {@code Name [id]} value is split into its name and its hexadecimal id. A record without a
 * {@code Slot} line is skipped and logged; a missing or failing {@code lspci} yields no key value.
 */
public final class PciCollector implements Collector {
  private static final Logger log = LoggerFactory.getLogger(PciCollector.class);
  private static final Pattern NAME_AND_ID = Pattern.compile("(.*?)\\s*\\[([0-9a-fA-F]{4})\\]");
  private static final Map<String, String> NAMED =
      Map.of("Class", "class", "Vendor", "vendor", "Device", "device", "SVendor", "svendor", "SDevice", "sdevice");
  private static final Map<String, String> PLAIN = Map.of("Slot", "slot", "Rev", "revision", "ProgIf", "progif", "Driver", "driver");

  @Override
  public String key() {
    return "pci";
  }

  @Override
  public Object collect(Sources sources) throws CollectorException {
    CommandResult result = sources.run("lspci", "-nnvmmk");
    if (!result.ok()) {
      throw new CollectorException("lspci -nnvmmk: " + result.detail());
    }
    List<Object> devices = new ArrayList<>();
    int skipped = 0;
    for (String record : result.stdout().split("\n\\s*\n")) {
      if (record.isBlank()) {
        continue;
      }
      Map<String, Object> device = device(record);
      if (device.containsKey("slot")) {
        devices.add(device);
      } else {
        skipped++;
      }
    }
    if (skipped > 0) {
      log.warn("lspci -nnvmmk: skipped {} record(s) without a Slot line", skipped);
    }
    if (devices.isEmpty() && skipped > 0) {
      throw new CollectorException("lspci -nnvmmk printed no device record");
    }
    return devices;
  }

  private static Map<String, Object> device(String record) {
    Map<String, Object> device = new LinkedHashMap<>();
    for (String line : record.split("\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String field = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      if (PLAIN.containsKey(field)) {
        device.put(PLAIN.get(field), value);
      } else if (NAMED.containsKey(field)) {
        String prefix = NAMED.get(field);
        Matcher m = NAME_AND_ID.matcher(value);
        if (m.matches()) {
          device.put(prefix + "_name", m.group(1));
          device.put(prefix + "_id", m.group(2).toLowerCase());
        } else {
          device.put(prefix + "_name", value);
        }
      }
    }
    return device;
  }
}
