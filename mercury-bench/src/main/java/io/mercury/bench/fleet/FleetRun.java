package io.mercury.bench.fleet;

import static io.mercury.bench.fleet.FleetReport.ms;
import static io.mercury.bench.fleet.ProcessSampler.TICKS;
import static io.mercury.bench.fleet.ProcessSampler.rssMb;

import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.zeromq.ZContext;

/**
 * One run of the fleet benchmark: a fresh {@link BenchStack} and simulated fleet, then the phases in
 * order (registration storm, fan-out twice, liveness, memory, killed agents, backend restart); returns
 * the run's figures in the order they were measured. The stack and the fleet are closed however the run
 * ends.
 *
 * <p>Threading: the benchmark's main thread.
 */
final class FleetRun {
  private final Path root;
  private final FleetOptions options;

  FleetRun(Path root, FleetOptions options) {
    this.root = root;
    this.options = options;
  }

  Map<String, Double> run() throws Exception {
    FleetMode mode = options.mode();
    int agents = options.agents();
    int killCount = options.killCount();
    Map<String, Double> out = new LinkedHashMap<>();
    if (options.jfr() != null) {
      Files.createDirectories(options.jfr());
    }
    try (BenchStack stack = new BenchStack(root, options.jfr(), mode.curve()).start();
        ZContext zmq = new ZContext();
        ServiceClient inventory = client(zmq, stack, stack.inventory(), "inventory");
        ServiceClient frontend = client(zmq, stack, stack.frontend(), "rpc")) {
      Map<String, Long> pids = stack.pids();
      try (SimulatedFleet fleet = fleet(stack)) {
        ProcessSampler sampler = new ProcessSampler(fleet.pids());
        FanOutPhase fanOut = new FanOutPhase(frontend, sampler);
        storm(inventory, fleet, sampler, pids, out);
        // 2. job fan-out, twice: the second finds the backend's connections to the agents open
        fanOut.run("fan-out", pids, out);
        fanOut.run("fan-out again", pids, out);
        liveness(fleet, sampler, pids, out);
        // 4. memory
        for (Map.Entry<String, Long> e : pids.entrySet()) {
          out.put("RSS " + e.getKey() + " (MB)", rssMb(e.getValue()));
        }
        out.put("RSS rpc + backend (MB)", rssMb(pids.get("rpc")) + rssMb(pids.get("backend")));
        // 5. killed agents
        if (killCount > 0) {
          FaultPhases.killed(inventory, fleet, killCount, out);
        }
        if (mode.restart()) {
          FaultPhases.restartBackend(stack, (ChannelFleet) fleet, sampler, agents - killCount, out);
          fanOut.run("after restart", stack.pids(), out);
        }
        out.put("backend: agents lost (log)", (double) stack.log("backend").split("agent lost", -1).length - 1);
        FleetSimulator.Stats stats = fleet.stats();
        out.put(mode.channel() ? "agents: connections made again" : "simulator: requests resent", (double) stats.backendResent());
        out.put("simulator: busy replies", (double) stats.backendBusy());
        out.put("simulator: reports lost", (double) stats.reportsLost());
      }
    }
    return out;
  }

  /** 1. Every agent registers at once, until the backend has answered all; then the inventory's active count. */
  private void storm(ServiceClient inventory, SimulatedFleet fleet, ProcessSampler sampler, Map<String, Long> pids, Map<String, Double> out)
      throws Exception {
    int agents = options.agents();
    Map<String, Long> cpu0 = sampler.ticks(pids);
    long t0 = System.nanoTime();
    int accepted = fleet.registerAll().get(10, TimeUnit.MINUTES);
    double stormMs = ms(System.nanoTime() - t0);
    long active;
    try {
      active = InventoryCounts.count(inventory, InventoryCounts.activeQuery());
    } catch (RemoteException e) {
      System.out.println("  WARNING: the inventory could not count the active devices: " + e.getMessage());
      active = -1;
    }
    out.put("storm: all registered (ms)", stormMs);
    sampler.cpuSince("storm", pids, cpu0, out);
    if (accepted != agents || active != agents) {
      System.out.printf("  WARNING: %d of %d registrations accepted, %d active%n", accepted, agents, active);
    }
    out.put("storm: active in inventory", (double) active);
    out.put("storm: agents' connections made again", (double) fleet.stats().backendResent());
  }

  /** 3. The backend's CPU over a steady window of keeping the agents alive (heartbeats or pings). */
  private void liveness(SimulatedFleet fleet, ProcessSampler sampler, Map<String, Long> pids, Map<String, Double> out) throws Exception {
    long b0 = ProcessSampler.ticks(pids.get("backend"));
    long s0 = sampler.fleetTicks();
    long pings0 = fleet.stats().pings();
    long heartbeats0 = fleet.stats().heartbeats();
    long w0 = System.nanoTime();
    BenchStack.sleep(options.mode().livenessWindowSeconds(options.cpuSeconds()) * 1000L);
    double wall = (System.nanoTime() - w0) / 1e9;
    long backendTicks = ProcessSampler.ticks(pids.get("backend")) - b0;
    long messages = fleet.stats().pings() - pings0 + fleet.stats().heartbeats() - heartbeats0;
    out.put("liveness: window (s)", wall);
    out.put("liveness: backend CPU (% of a core)", 100 * backendTicks / TICKS / wall);
    out.put("liveness: backend CPU per heartbeat or ping (us)", messages == 0 ? 0 : 1e6 * backendTicks / TICKS / messages);
    out.put("liveness: simulator CPU (% of a core)", 100 * (sampler.fleetTicks() - s0) / TICKS / wall);
    out.put("liveness: pings/s answered", (fleet.stats().pings() - pings0) / wall);
    out.put("liveness: heartbeats/s answered", (fleet.stats().heartbeats() - heartbeats0) / wall);
  }

  private SimulatedFleet fleet(BenchStack stack) throws Exception {
    FleetMode mode = options.mode();
    if (mode.channel()) {
      return ChannelFleet.start(stack, options.agents(), mode.perProcess());
    }
    FleetSimulator.Settings base = FleetSimulator.Settings.of(options.agents());
    FleetSimulator.Settings settings =
        new FleetSimulator.Settings(
            base.agents(),
            base.groups(),
            Math.max(base.killable(), options.killCount()),
            options.taskDelay(),
            options.failureRate(),
            base.backendSockets(),
            mode.heartbeats());
    return new FleetSimulator(stack.backend(), settings);
  }

  private static ServiceClient client(ZContext zmq, BenchStack stack, String address, String name) {
    ClientSettings base = ClientSettings.defaults(name).withTimeout(Duration.ofMinutes(2)).withRetries(0);
    return new ServiceClient(zmq, address, stack.curve().map(c -> c.operatorClient(base, name)).orElse(base));
  }
}
