package io.mercury.inspector.collect;

import io.mercury.inspector.document.SystemHealth;
import io.mercury.inspector.source.CommandResult;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code system_health}: corrected hardware events reported by mcelog (counted in its journal, as the
 * original), the time the system came up ({@code uptime -s}), on HP/HPE servers {@code oem_details}
 * from hpasmcli (server, DIMMs, power supplies), and {@code has_errors}/{@code errors} naming every
 * problem found and every check that could not be made.
 */
public final class SystemHealthCollector implements Collector<SystemHealth> {
  static final String HARDWARE_EVENT = "Hardware event. This is not a software error.";

  @Override
  public String key() {
    return "system_health";
  }

  @Override
  public SystemHealth collect(Sources sources) {
    List<String> errors = new ArrayList<>();
    CommandResult journal = sources.run("journalctl", "--unit=mcelog.service", "--no-pager", "--quiet");
    Long events = null;
    if (journal.ok()) {
      events = journal.stdout().lines().filter(l -> l.contains(HARDWARE_EVENT)).count();
    } else {
      errors.add("corrected hardware events unknown: " + journal.detail());
    }
    CommandResult uptime = sources.run("uptime", "-s");
    if (!uptime.ok()) {
      errors.add("system uptime unknown: " + uptime.detail());
    }
    boolean hp = sources.root().readTrimmed("/sys/class/dmi/id/sys_vendor").orElse("").startsWith("HP");
    SystemHealth.OemDetails oem = hp ? HpHealth.collect(sources, errors) : null;
    return new SystemHealth(events, uptime.ok() ? uptime.stdout().strip() : null, hp, oem, errors);
  }
}
