package io.mercury.bench;

import io.mercury.inspector.Inspector;
import io.mercury.inspector.collect.Collector;
import io.mercury.inspector.collect.Sources;
import io.mercury.inspector.source.ProcessCommandRunner;
import io.mercury.inspector.source.SystemRoot;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long a full inspection of this machine takes, and each collector's share: one warm-up inspection,
 * then {@code --runs} (default 10), medians printed. Run: {@code bin/mercury bench inspect [--runs N]}.
 */
public final class InspectionBenchmark {
  private InspectionBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = InventoryBenchmark.intArg(args, "--runs", 10);
    Sources sources = new Sources(SystemRoot.live(), new ProcessCommandRunner(), Duration.ofSeconds(30));
    List<Collector<?>> collectors = Inspector.standardCollectors();
    new Inspector(sources, collectors).inspect();
    double[] totals = new double[runs];
    Map<String, double[]> each = new LinkedHashMap<>();
    collectors.forEach(c -> each.put(c.key(), new double[runs]));
    for (int r = 0; r < runs; r++) {
      long start = System.nanoTime();
      new Inspector(sources, collectors).inspect();
      totals[r] = (System.nanoTime() - start) / 1e6;
      for (Collector<?> c : collectors) {
        long t = System.nanoTime();
        try {
          c.collect(sources);
        } catch (Exception e) {
          // a collector without its source here (no DMI, no lspci): its time still counts
        }
        each.get(c.key())[r] = (System.nanoTime() - t) / 1e6;
      }
    }
    System.out.printf("full inspection of this machine, %d runs after one warm-up, JDK %s%n", runs, Runtime.version());
    System.out.printf("  total      median %7.1f ms%n", InventoryBenchmark.median(totals));
    each.forEach((key, samples) -> System.out.printf("  %-14s median %7.1f ms%n", key, InventoryBenchmark.median(samples)));
  }
}
