package io.mercury.inspector.collect;

import io.mercury.inspector.source.CommandResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code system_health}: corrected hardware events reported by mcelog (counted in its journal, as the
 * original), the time the system came up ({@code uptime -s}), on HP/HPE servers {@code oem_details}
 * from hpasmcli (server, DIMMs, power supplies), and {@code has_errors}/{@code errors} naming every
 * problem found and every check that could not be made.
 */
public final class SystemHealthCollector implements Collector {
  static final String HARDWARE_EVENT = "Hardware event. This is not a software error.";

  @Override
  public String key() {
    return "system_health";
  }

  @Override
  public Object collect(Sources sources) {
    List<String> errors = new ArrayList<>();
    Map<String, Object> health = new LinkedHashMap<>();
    CommandResult journal = sources.run("journalctl", "--unit=mcelog.service", "--no-pager", "--quiet");
    if (journal.ok()) {
      health.put("corrected_hardware_event_count", journal.stdout().lines().filter(l -> l.contains(HARDWARE_EVENT)).count());
    } else {
      health.put("corrected_hardware_event_count", null);
      errors.add("corrected hardware events unknown: " + journal.detail());
    }
    CommandResult uptime = sources.run("uptime", "-s");
    health.put("system_uptime", uptime.ok() ? uptime.stdout().strip() : null);
    if (!uptime.ok()) {
      errors.add("system uptime unknown: " + uptime.detail());
    }
    if (sources.root().readTrimmed("/sys/class/dmi/id/sys_vendor").orElse("").startsWith("HP")) {
      health.put("oem_details", HpHealth.collect(sources, errors));
    }
    health.put("has_errors", !errors.isEmpty());
    health.put("errors", errors);
    return health;
  }
}
