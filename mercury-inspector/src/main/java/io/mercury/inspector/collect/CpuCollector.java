package io.mercury.inspector.collect;

import io.mercury.inspector.document.Cpu;
import io.mercury.inspector.document.Cpus;
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
public final class CpuCollector implements Collector<Cpus> {
  @Override
  public String key() {
    return "cpu";
  }

  @Override
  public Cpus collect(Sources sources) throws CollectorException {
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
    List<Cpu> packages = new ArrayList<>();
    firstOfPackage.forEach((id, f) -> packages.add(cpu(sources, id, f, firstProcessor.get(id))));
    return new Cpus(packages);
  }

  private static Cpu cpu(Sources sources, long id, Map<String, String> f, String processor) {
    String flags = f.getOrDefault("flags", f.getOrDefault("Features", ""));
    String freqDir = "/sys/devices/system/cpu/cpu" + processor + "/cpufreq/";
    Optional<Double> current = khzAsMhz(sources, freqDir + "scaling_cur_freq");
    Double mhz = parseDouble(f.get("cpu MHz")).orElse(null);
    Cpu.Frequency frequency =
        new Cpu.Frequency(
            f.get("model name"),
            parseDouble(f.get("bogomips")).orElse(null),
            current.isPresent(),
            current.orElse(mhz),
            current.isPresent() ? khzAsMhz(sources, freqDir + "scaling_min_freq").orElse(null) : mhz,
            current.isPresent() ? khzAsMhz(sources, freqDir + "scaling_max_freq").orElse(null) : mhz);
    return new Cpu(
        id,
        parseLong(f.get("cpu cores")).orElse(null),
        parseLong(f.get("siblings")).orElse(null),
        f.get("model name"),
        f.get("cache size"),
        parseLong(f.get("cache_alignment")).orElse(null),
        flags.isBlank() ? List.of() : Arrays.asList(flags.strip().split("\\s+")),
        frequency);
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
