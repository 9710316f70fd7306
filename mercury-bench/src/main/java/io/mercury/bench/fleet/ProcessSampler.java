package io.mercury.bench.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time, resident memory and open files of a run's processes, read from {@code /proc} (Linux only). CPU
 * is in clock ticks ({@link #TICKS} a second); the fleet's processes are summed under the name {@code
 * simulator}.
 *
 * <p>Threading: any thread; it holds no state but the fleet's process ids.
 */
final class ProcessSampler {
  /** Clock ticks a second: USER_HZ on Linux. */
  static final double TICKS = 100.0;

  private final List<Long> fleetPids;

  /** @param fleetPids the processes the simulated fleet runs in (the benchmark's own JVM for {@link FleetSimulator}) */
  ProcessSampler(List<Long> fleetPids) {
    this.fleetPids = fleetPids;
  }

  /** The fleet's CPU, in clock ticks. */
  long fleetTicks() throws IOException {
    long sum = 0;
    for (long pid : fleetPids) {
      sum += ticks(pid);
    }
    return sum;
  }

  /** Each daemon's CPU by name, then the fleet's as {@code simulator}, in clock ticks. */
  Map<String, Long> ticks(Map<String, Long> pids) throws IOException {
    Map<String, Long> ticks = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : pids.entrySet()) {
      ticks.put(e.getKey(), ticks(e.getValue()));
    }
    ticks.put("simulator", fleetTicks());
    return ticks;
  }

  /** Puts {@code "<phase>: CPU <name> (s)"} for each process: its CPU since {@code before}. */
  void cpuSince(String phase, Map<String, Long> pids, Map<String, Long> before, Map<String, Double> out) throws IOException {
    ticks(pids).forEach((name, t) -> out.put(phase + ": CPU " + name + " (s)", (t - before.get(name)) / TICKS));
  }

  /** utime + stime of a process, in clock ticks. */
  static long ticks(long pid) throws IOException {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("process " + pid + " of the run has exited; see the run's logs (MERCURY_BENCH_KEEP=1 keeps them)", e);
    }
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  static long openFiles(long pid) throws IOException {
    try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      return fds.count();
    }
  }

  /** VmRSS in MB, or NaN if the kernel does not report it. */
  static double rssMb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }
}
