package io.mercury.inspector.collect;

import io.mercury.inspector.document.PciDevice;
import io.mercury.inspector.document.PciDevices;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pci}: {@code lspci -nnvmmk}, one entry per device with the original's keys ({@code slot},
 * {@code class_name}/{@code class_id}, {@code vendor_name}/{@code vendor_id}, {@code device_name}/{@code
 * device_id}, {@code svendor_*}, {@code sdevice_*}, {@code revision}, {@code progif}, {@code driver}),
 * only those present in the output.
 */
public final class PciCollector implements Collector<PciDevices> {
  private static final Pattern NAMED_ID = Pattern.compile("(.*?)\\s*\\[([0-9a-fA-F]{4})]$");
  private static final Map<String, String> NAMED =
      Map.of("Class", "class", "Vendor", "vendor", "Device", "device", "SVendor", "svendor", "SDevice", "sdevice");
  private static final Map<String, String> PLAIN = Map.of("Slot", "slot", "Rev", "revision", "ProgIf", "progif", "Driver", "driver");

  @Override
  public String key() {
    return "pci";
  }

  @Override
  public PciDevices collect(Sources sources) throws CollectorException {
    List<PciDevice> devices = new ArrayList<>();
    for (String block : ToolOutput.require(sources, "lspci", "-nnvmmk").split("\n\\s*\n")) {
      SequencedMap<String, String> device = parse(block);
      if (device.containsKey("slot")) {
        devices.add(new PciDevice(device));
      }
    }
    return new PciDevices(devices);
  }

  static SequencedMap<String, String> parse(String block) {
    SequencedMap<String, String> device = new LinkedHashMap<>();
    for (String line : block.split("\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String field = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      if (PLAIN.containsKey(field)) {
        device.put(PLAIN.get(field), value);
      } else if (NAMED.containsKey(field)) {
        Matcher m = NAMED_ID.matcher(value);
        String prefix = NAMED.get(field);
        if (m.matches()) {
          device.put(prefix + "_name", m.group(1));
          device.put(prefix + "_id", m.group(2).toLowerCase(Locale.ROOT));
        } else {
          device.put(prefix + "_name", value);
        }
      }
    }
    return device;
  }
}
