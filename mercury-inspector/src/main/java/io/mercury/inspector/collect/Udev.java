package io.mercury.inspector.collect;

import io.mercury.inspector.source.CommandResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** udev's properties of a device ({@code udevadm info -q property ...}); empty when udevadm is missing. */
final class Udev {
  private Udev() {}

  /**
   * @param flag {@code -p} for a sysfs path, {@code -n} for a device node
   * @param device e.g. {@code /sys/class/net/eno1} or {@code /dev/sda}
   */
  static Map<String, String> properties(Sources sources, String flag, String device) {
    CommandResult r = sources.run("udevadm", "info", "-q", "property", flag, device);
    Map<String, String> properties = new LinkedHashMap<>();
    if (r.ok()) {
      for (String line : r.stdout().split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          properties.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    return properties;
  }
}
