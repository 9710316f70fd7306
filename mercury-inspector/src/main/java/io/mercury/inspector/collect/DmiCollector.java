package io.mercury.inspector.collect;

import io.mercury.inspector.document.Dmi;
import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * {@code dmi}: every regular file of {@code /sys/class/dmi/id} as a string, as the original does; a file
 * that cannot be read (serials need root) is {@code ""}. A machine without DMI (many VMs) has no such
 * directory and gets {@code null}.
 */
public final class DmiCollector implements Collector<Dmi> {
  static final String DIR = "/sys/class/dmi/id";

  @Override
  public String key() {
    return "dmi";
  }

  @Override
  public Dmi collect(Sources sources) throws CollectorException {
    if (!sources.root().isDirectory(DIR)) {
      throw new CollectorException("no " + DIR + " (this machine has no DMI)");
    }
    SequencedMap<String, String> dmi = new LinkedHashMap<>();
    for (String name : sources.root().list(DIR)) {
      String path = DIR + "/" + name;
      if (sources.root().isRegularFile(path)) {
        dmi.put(name, sources.root().readTrimmed(path).orElse(""));
      }
    }
    return new Dmi(dmi);
  }
}
