package io.mercury.inspector.collect;

import io.mercury.inspector.document.MemInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code mem}: {@code /proc/meminfo} with its keys verbatim. Values in kB become bytes as integers,
 * counting kB as KiB (x 1024) as the kernel means them; the original multiplied by 1000. Values without a
 * unit stay strings, as in the original.
 */
public final class MemCollector implements Collector<MemInfo> {
  @Override
  public String key() {
    return "mem";
  }

  @Override
  public MemInfo collect(Sources sources) throws CollectorException {
    String text =
        sources.root().read("/proc/meminfo").orElseThrow(() -> new CollectorException("cannot read /proc/meminfo"));
    Map<String, MemInfo.Entry> mem = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      if (value.endsWith(" kB")) {
        try {
          mem.put(key, new MemInfo.Entry(key, Long.parseLong(value.substring(0, value.length() - 3).strip()) * 1024, null));
          continue;
        } catch (NumberFormatException e) {
          // not a number after all: keep the text
        }
      }
      mem.put(key, new MemInfo.Entry(key, null, value));
    }
    if (!mem.containsKey("MemTotal")) {
      throw new CollectorException("/proc/meminfo has no MemTotal line");
    }
    return new MemInfo(new ArrayList<>(mem.values()));
  }
}
