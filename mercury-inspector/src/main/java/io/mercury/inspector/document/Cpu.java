package io.mercury.inspector.document;

import java.util.List;

/**
 * One physical CPU package of {@code cpu}; numbers are null where /proc/cpuinfo does not give them.
 *
 * @param flags the feature flags, in /proc/cpuinfo's order
 */
public record Cpu(
    long physicalId,
    Long cores,
    Long threads,
    String modelName,
    String cacheSize,
    Long cacheAlignment,
    List<String> flags,
    Frequency frequency) {
  public Cpu {
    flags = List.copyOf(flags);
  }

  /** The package's clock in MHz, from cpufreq when {@code cpufreqEnabled}, else from /proc/cpuinfo. */
  public record Frequency(String modelName, Double bogomips, boolean cpufreqEnabled, Double current, Double min, Double max) {}
}
