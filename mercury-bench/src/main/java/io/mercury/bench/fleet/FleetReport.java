package io.mercury.bench.fleet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's printed figures: each run's as it ends, then each figure's median over the runs with
 * every run's value. Figure names are read by people and by docs/benchmarks.md; they keep the order in
 * which the first run produced them.
 *
 * <p>Threading: the benchmark's main thread only.
 */
final class FleetReport {
  private final Map<String, List<Double>> figures = new LinkedHashMap<>();

  /** Prints one run's figures and keeps them for the medians. */
  void run(Map<String, Double> one) {
    one.forEach((k, v) -> {
      figures.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      System.out.printf("  %-44s %12.1f%n", k, v);
    });
  }

  /** Prints every figure's median over the runs so far. */
  void medians(int runs, int agents, FleetMode mode) {
    System.out.printf("%nmedians over %d run(s), %d agents, %s:%n", runs, agents, mode);
    figures.forEach((k, v) -> System.out.printf("  %-44s %12.1f   %s%n", k, median(v), v));
  }

  static double ms(long nanos) {
    return nanos / 1e6;
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
