package io.mercury.inspector.collect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code cpu}: one entry per physical package from {@code /proc/cpuinfo}, with the original's fields.
 * Frequencies are in MHz: from cpufreq's {@code scaling_*_freq} (kHz, converted) of the package's first
 * processor when cpufreq exists, else every one is the {@code cpu MHz} of /proc/cpuinfo.
 */
public final class CpuCollector implements Collector {
  @Override
  public String key() {
    return "cpu";
  }

  @Override
  public Object collect(Sources sources) throws CollectorException {
    String text =
        sources.root().read("/proc/cpuinfo").orElseThrow(() -> new CollectorException("cannot read /proc/cpuinfo"));
    Map<Long, Map<String, String>> firstOfPackage = new TreeMap<>();
    Map<Long, String> firstProcessor = new TreeMap<>();
    for (String block : text.split("\n\\s*\n")) {
      Map<String, String> fields = fields(block);
      if (!fields.containsKey("processor")) {
        continue;
      }
      long packageId = parseLong(fields.get("physical id")).orElse(0L);
      firstOfPackage.putIfAbsent(packageId, fields);
      firstProcessor.putIfAbsent(packageId, fields.get("processor"));
    }
    if (firstOfPackage.isEmpty()) {
      throw new CollectorException("/proc/cpuinfo lists no processor");
    }
    List<Object> packages = new ArrayList<>();
    firstOfPackage.forEach((id, f) -> packages.add(cpu(sources, id, f, firstProcessor.get(id))));
    return packages;
  }

  private static Map<String, Object> cpu(Sources sources, long id, Map<String, String> f, String processor) {
    Map<String, Object> cpu = new LinkedHashMap<>();
    cpu.put("physical_id", id);
    cpu.put("cores", parseLong(f.get("cpu cores")).orElse(null));
    cpu.put("threads", parseLong(f.get("siblings")).orElse(null));
    cpu.put("model_name", f.get("model name"));
    cpu.put("cache_size", f.get("cache size"));
    cpu.put("cache_alignment", parseLong(f.get("cache_alignment")).orElse(null));
    String flags = f.getOrDefault("flags", f.getOrDefault("Features", ""));
    cpu.put("flags", flags.isBlank() ? List.of() : Arrays.asList(flags.strip().split("\\s+")));
    Map<String, Object> frequency = new LinkedHashMap<>();
    frequency.put("model_name", f.get("model name"));
    frequency.put("bogomips", parseDouble(f.get("bogomips")).orElse(null));
    String freqDir = "/sys/devices/system/cpu/cpu" + processor + "/cpufreq/";
    Optional<Double> current = khzAsMhz(sources, freqDir + "scaling_cur_freq");
    Double mhz = parseDouble(f.get("cpu MHz")).orElse(null);
    frequency.put("cpufreq_enabled", current.isPresent());
    frequency.put("current", current.orElse(mhz));
    frequency.put("min", current.isPresent() ? khzAsMhz(sources, freqDir + "scaling_min_freq").orElse(null) : mhz);
    frequency.put("max", current.isPresent() ? khzAsMhz(sources, freqDir + "scaling_max_freq").orElse(null) : mhz);
    cpu.put("frequency", frequency);
    return cpu;
  }

  private static Optional<Double> khzAsMhz(Sources sources, String path) {
    return sources.root().readTrimmed(path).flatMap(CpuCollector::parseDouble).map(khz -> khz / 1000.0);
  }

  private static Map<String, String> fields(String block) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : block.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      }
    }
    return fields;
  }

  private static Optional<Long> parseLong(String s) {
    try {
      return s == null ? Optional.empty() : Optional.of(Long.parseLong(s.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Double> parseDouble(String s) {
    try {
      return s == null ? Optional.empty() : Optional.of(Double.parseDouble(s.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
