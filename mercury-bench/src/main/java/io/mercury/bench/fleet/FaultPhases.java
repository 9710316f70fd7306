package io.mercury.bench.fleet;

import static io.mercury.bench.fleet.FleetReport.ms;

import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The phases that break something and time the recovery: killed agents (until the inventory shows them
 * inactive) and a killed backend (until the agents have heard from its successor). Each gives up after
 * 5 minutes and then reports NaN or a warning.
 *
 * <p>Threading: the benchmark's main thread.
 */
final class FaultPhases {
  private FaultPhases() {}

  /**
   * Kills agents 0 to {@code count - 1} at once (each closes its connection and goes silent, as a server
   * that loses power does not even do) and measures until the inventory shows the first and then all of
   * them inactive.
   */
  static void killed(ServiceClient inventory, SimulatedFleet fleet, int count, Map<String, Double> out) throws Exception {
    List<String> victims = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      victims.add(fleet.mercuryId(i));
    }
    Map<String, Object> stillActive = Map.of("mercury_id", Map.of("$in", victims), "active", InventoryCounts.notNull());
    long k0 = System.nanoTime();
    for (int i = 0; i < count; i++) {
      fleet.kill(i);
    }
    double first = Double.NaN;
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    long active;
    while (true) {
      try {
        active = InventoryCounts.count(inventory, stillActive);
      } catch (RemoteException e) {
        active = count; // a store error: ask again
      }
      if (active < count && Double.isNaN(first)) {
        first = ms(System.nanoTime() - k0);
      }
      if (active == 0 || System.nanoTime() > deadline) {
        break;
      }
      BenchStack.sleep(100);
    }
    out.put("killed " + count + ": first inactive after (ms)", first);
    out.put("killed " + count + ": all inactive after (ms)", active == 0 ? ms(System.nanoTime() - k0) : Double.NaN);
  }

  /** Kills the backend, starts it again, and waits until {@code alive} agents have heard from it. */
  static void restartBackend(BenchStack stack, ChannelFleet fleet, ProcessSampler sampler, int alive, Map<String, Double> out)
      throws IOException {
    long reconnects0 = fleet.stats().backendResent();
    long t0 = System.nanoTime();
    stack.killAndRestart("backend");
    double listeningMs = ms(System.nanoTime() - t0);
    fleet.mark();
    Map<String, Long> restarted = stack.pids();
    Map<String, Long> cpu0 = sampler.ticks(restarted);
    cpu0.put("backend", 0L); // a new process: all its CPU is the restart's
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    int back;
    while ((back = fleet.back()) < alive && System.nanoTime() < deadline) {
      BenchStack.sleep(100);
    }
    out.put("restart: backend listening (ms)", listeningMs);
    out.put("restart: all agents back (ms)", ms(System.nanoTime() - t0));
    out.put("restart: agents back", (double) back);
    sampler.cpuSince("restart", restarted, cpu0, out);
    out.put("restart: agents' connections made again", (double) (fleet.stats().backendResent() - reconnects0));
    if (back < alive) {
      System.out.printf("  WARNING: %d of %d agents back within 5 min of the backend's restart%n", back, alive);
    }
  }
}
