package io.mercury.bench.fleet;

import io.mercury.common.protocol.Request;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.zeromq.ZContext;

/**
 * {@code bin/mercury bench fleet [--agents N] [--runs R] [--cpu-seconds S] [--kill K | --no-kill] [--task-delay-ms D]
 * [--failure-rate F] [--jfr DIR] [--original-agents | --mercury-agents [--curve] [--agents-per-process P]
 * [--restart-backend]]}: per
 * run, a fresh stack of real processes (store, inventory, frontend, backend) and a simulated fleet of N
 * agents: by default a {@link FleetSimulator} (the original agent protocol, plus heartbeats unless {@code
 * --original-agents}), with {@code --mercury-agents} a {@link ChannelFleet} (Mercury agents reached over
 * the agent channel, a connection per agent, in processes of P agents, 250 by default); measures, in order:
 *
 * <ol>
 *   <li>registration storm: every agent registers at once, until the backend has answered every one,
 *       then checks the inventory counts N active devices;
 *   <li>job fan-out: {@code create_job} of an echo on every agent until the job's {@code
 *       time_completed}; first and last task result from the stored {@code time_completed}s, and every
 *       task is checked SUCCESS in the store; then again ("fan-out again"), when the backend's
 *       connections to agents it reaches directly are open already;
 *   <li>liveness: the backend's CPU (from {@code /proc/PID/stat}) over a window of keeping N agents
 *       alive: their heartbeats, or with {@code --original-agents} (agents that send none, as the
 *       original's) pinging them; with heartbeats the window is at least 40 s (two heartbeat periods),
 *       whatever {@code --cpu-seconds} says;
 *   <li>memory: each daemon's RSS with N agents active;
 *   <li>killed agents ({@code --kill K} of them at once, 1 by default): time until the inventory shows the
 *       first and all of them inactive;
 *   <li>with {@code --restart-backend}: the backend killed with SIGKILL and started again on its port and
 *       data, until every agent still alive has heard from it (a heartbeat answered {@code known}, or a
 *       registration accepted), then the fan-out once more ("after restart").
 * </ol>
 *
 * Plaintext ({@code SECURITY_CURVE=off}) unless {@code --curve} (with {@code --mercury-agents} only): then
 * the daemons, the benchmark's own clients (as an admin operator) and every agent (a key of its own,
 * accepted in the key store and bound to its device before the storm) use CURVE, as set up by {@link
 * FleetCurve}.
 *
 * <p>Prints every run's figures and the medians.
 */
public final class FleetBenchmark {
  private static final double TICKS = 100.0; // USER_HZ on Linux

  public static void main(String[] args) throws Exception {
    int agents = 1000;
    int runs = 3;
    int cpuSeconds = 30;
    int killCount = 1;
    long delayMs = 0;
    double failureRate = 0;
    Path jfr = null;
    boolean curve = false;
    boolean heartbeats = true;
    boolean channel = false;
    int perProcess = 500;
    boolean restart = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--agents" -> agents = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--cpu-seconds" -> cpuSeconds = Integer.parseInt(args[++i]);
        case "--no-kill" -> killCount = 0;
        case "--kill" -> killCount = Integer.parseInt(args[++i]);
        case "--task-delay-ms" -> delayMs = Long.parseLong(args[++i]);
        case "--failure-rate" -> failureRate = Double.parseDouble(args[++i]);
        case "--jfr" -> jfr = Path.of(args[++i]);
        case "--curve" -> curve = true;
        case "--original-agents" -> heartbeats = false;
        case "--mercury-agents" -> channel = true;
        case "--agents-per-process" -> perProcess = Integer.parseInt(args[++i]);
        case "--restart-backend" -> restart = true;
        default -> {
          System.err.println("unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    if (restart && !channel) {
      System.err.println("bench fleet --restart-backend: only with --mercury-agents (agents that hold a connection to the backend)");
      System.exit(2);
    }
    if (curve && !channel) {
      // The original-protocol simulator shares one key and a few sockets among all its agents; since an
      // agent key is bound to one device, the backend would refuse every registration but one.
      System.err.println(
          "bench fleet --curve: only with --mercury-agents (a key and a connection per agent); the"
              + " original-protocol simulator shares one key among all its agents (docs/benchmarks.md)");
      System.exit(2);
    }
    Mode mode = new Mode(curve, heartbeats, channel, perProcess, restart);
    Path root = Path.of(System.getProperty("mercury.root", ".")).toAbsolutePath().normalize();
    Map<String, List<Double>> figures = new LinkedHashMap<>();
    for (int run = 1; run <= runs; run++) {
      System.out.printf("run %d/%d, %d agents, %s%n", run, runs, agents, mode);
      Map<String, Double> one = runOnce(root, agents, cpuSeconds, killCount, Duration.ofMillis(delayMs), failureRate, jfr, mode);
      one.forEach((k, v) -> {
        figures.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        System.out.printf("  %-44s %12.1f%n", k, v);
      });
    }
    System.out.printf("%nmedians over %d run(s), %d agents, %s:%n", runs, agents, mode);
    figures.forEach((k, v) -> System.out.printf("  %-44s %12.1f   %s%n", k, median(v), v));
  }

  /** One echo job on every agent, until its time_completed; figures under {@code label}. */
  private static void fanOut(String label, ServiceClient frontend, Map<String, Long> pids, Map<String, Double> out)
      throws Exception {
    Map<String, Long> cpu1 = ticks(pids);
    long t1 = System.nanoTime();
    double epoch1 = System.currentTimeMillis() / 1000.0;
    Object created =
        frontend.invoke(
            new Request(
                "create_job",
                List.of(Map.of("origin.name", BenchStack.BACKEND_NAME), Map.of("method", "echo", "args", List.of("hello"))),
                Map.of()),
            true);
    double createMs = ms(System.nanoTime() - t1);
    String jobId = (String) ((Map<?, ?>) created).get("job_id");
    Map<?, ?> job;
    while (true) {
      job = (Map<?, ?>) frontend.invoke(new Request("get_job", List.of(jobId), Map.of()), true);
      if (job.get("time_completed") != null) {
        break;
      }
      BenchStack.sleep(20);
    }
    double fanoutMs = ms(System.nanoTime() - t1);
    cpuSince(label, pids, cpu1, out);
    out.put(label + ": backend open files after", (double) openFiles(pids.get("backend")));
    Map<?, ?> tasks =
        (Map<?, ?>)
            frontend.invoke(
                new Request("get_job_tasks", List.of(jobId), Map.of("projection", Map.of("status", 1, "time_completed", 1, "time_dispatched", 1, "agent_time_completed", 1))),
                true);
    List<Double> completions = new ArrayList<>();
    List<Double> dispatched = new ArrayList<>();
    List<Double> reported = new ArrayList<>();
    long success = 0;
    for (Object t : (List<?>) tasks.get("tasks")) {
      Map<?, ?> task = (Map<?, ?>) t;
      completions.add(((Number) task.get("time_completed")).doubleValue());
      if (task.get("time_dispatched") instanceof Number d) {
        dispatched.add((d.doubleValue() - epoch1) * 1000);
      }
      if (task.get("agent_time_completed") instanceof Number a) {
        reported.add((a.doubleValue() - epoch1) * 1000);
      }
      success += "SUCCESS".equals(task.get("status")) ? 1 : 0;
    }
    Collections.sort(completions);
    System.out.println("  job counts: " + job.get("counts"));
    out.put(label + ": create_job call (ms)", createMs);
    out.put(label + ": first result (ms)", (completions.getFirst() - epoch1) * 1000);
    out.put(label + ": last result (ms)", (completions.getLast() - epoch1) * 1000);
    out.put(label + ": median time_dispatched (ms)", dispatched.isEmpty() ? Double.NaN : median(dispatched));
    out.put(label + ": last time_dispatched (ms)", dispatched.isEmpty() ? Double.NaN : Collections.max(dispatched));
    out.put(label + ": median agent reported (ms)", reported.isEmpty() ? Double.NaN : median(reported));
    out.put(label + ": last agent reported (ms)", reported.isEmpty() ? Double.NaN : Collections.max(reported));
    out.put(label + ": median result stored (ms)", (median(completions) - epoch1) * 1000);
    out.put(label + ": p99 result stored (ms)", (completions.get((int) Math.ceil(0.99 * completions.size()) - 1) - epoch1) * 1000);
    out.put(label + ": job complete seen (ms)", fanoutMs);
    out.put(label + ": tasks SUCCESS", (double) success);
  }

  private static Map<String, Double> runOnce(
      Path root,
      int agents,
      int cpuSeconds,
      int killCount,
      Duration delay,
      double failureRate,
      Path jfr,
      Mode mode)
      throws Exception {
    Map<String, Double> out = new LinkedHashMap<>();
    if (jfr != null) {
      Files.createDirectories(jfr);
    }
    try (BenchStack stack = new BenchStack(root, jfr, mode.curve()).start();
        ZContext zmq = new ZContext();
        ServiceClient inventory = client(zmq, stack, stack.inventory(), "inventory");
        ServiceClient frontend = client(zmq, stack, stack.frontend(), "rpc")) {
      Map<String, Long> pids = stack.pids();
      try (SimulatedFleet fleet = fleet(stack, agents, killCount, delay, failureRate, mode)) {
        fleetPids = fleet.pids();
        // 1. registration storm
        Map<String, Long> cpu0 = ticks(pids);
        long t0 = System.nanoTime();
        int accepted = fleet.registerAll().get(10, TimeUnit.MINUTES);
        double stormMs = ms(System.nanoTime() - t0);
        long active;
        try {
          active = count(inventory, activeQuery());
        } catch (RemoteException e) {
          System.out.println("  WARNING: the inventory could not count the active devices: " + e.getMessage());
          active = -1;
        }
        out.put("storm: all registered (ms)", stormMs);
        cpuSince("storm", pids, cpu0, out);
        if (accepted != agents || active != agents) {
          System.out.printf("  WARNING: %d of %d registrations accepted, %d active%n", accepted, agents, active);
        }
        out.put("storm: active in inventory", (double) active);
        out.put("storm: agents' connections made again", (double) fleet.stats().backendResent());
        // 2. job fan-out, twice: the second finds the backend's connections to the agents open
        fanOut("fan-out", frontend, pids, out);
        fanOut("fan-out again", frontend, pids, out);
        // 3. liveness CPU, steady state
        long b0 = ticks(pids.get("backend"));
        long s0 = fleetTicks();
        long pings0 = fleet.stats().pings();
        long heartbeats0 = fleet.stats().heartbeats();
        long w0 = System.nanoTime();
        BenchStack.sleep(livenessWindowSeconds(cpuSeconds, mode) * 1000L);
        double wall = (System.nanoTime() - w0) / 1e9;
        long backendTicks = ticks(pids.get("backend")) - b0;
        long messages = fleet.stats().pings() - pings0 + fleet.stats().heartbeats() - heartbeats0;
        out.put("liveness: window (s)", wall);
        out.put("liveness: backend CPU (% of a core)", 100 * backendTicks / TICKS / wall);
        out.put("liveness: backend CPU per heartbeat or ping (us)", messages == 0 ? 0 : 1e6 * backendTicks / TICKS / messages);
        out.put("liveness: simulator CPU (% of a core)", 100 * (fleetTicks() - s0) / TICKS / wall);
        out.put("liveness: pings/s answered", (fleet.stats().pings() - pings0) / wall);
        out.put("liveness: heartbeats/s answered", (fleet.stats().heartbeats() - heartbeats0) / wall);
        // 4. memory
        for (Map.Entry<String, Long> e : pids.entrySet()) {
          out.put("RSS " + e.getKey() + " (MB)", rssMb(e.getValue()));
        }
        out.put("RSS rpc + backend (MB)", rssMb(pids.get("rpc")) + rssMb(pids.get("backend")));
        // 5. killed agents
        if (killCount > 0) {
          killed(inventory, fleet, killCount, out);
        }
        if (mode.restart()) {
          restartBackend(stack, (ChannelFleet) fleet, agents - killCount, out);
          fanOut("after restart", frontend, stack.pids(), out);
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

  /**
   * How the simulated fleet behaves.
   *
   * @param curve CURVE on every socket (each agent with its own key; only with {@code channel})
   * @param heartbeats whether the original-protocol simulator's agents send heartbeats
   * @param channel Mercury agents over the agent channel ({@link ChannelFleet}) instead of the
   *     original-protocol {@link FleetSimulator}
   * @param perProcess agents per {@link ChannelAgents} process
   * @param restart whether to kill and restart the backend at the end ({@code channel} only)
   */
  /**
   * The liveness window: {@code cpuSeconds}, but with heartbeats at least two of their periods (20 s by
   * default). The agents registered within seconds of each other and heartbeat in step, so a shorter
   * window sees anything from none of their heartbeats to all of them (10 s windows measured 0.2 to 84
   * heartbeats a second at 1,000 agents).
   */
  private static int livenessWindowSeconds(int cpuSeconds, Mode mode) {
    return mode.heartbeats() ? Math.max(cpuSeconds, 40) : cpuSeconds;
  }

  private record Mode(boolean curve, boolean heartbeats, boolean channel, int perProcess, boolean restart) {
    @Override
    public String toString() {
      return (curve ? "CURVE" : "plaintext")
          + (channel ? ", Mercury agents over the channel" : heartbeats ? ", simulator heartbeating" : ", original agents");
    }
  }

  /** Kills the backend, starts it again, and waits until {@code alive} agents have heard from it. */
  private static void restartBackend(BenchStack stack, ChannelFleet fleet, int alive, Map<String, Double> out)
      throws IOException {
    long reconnects0 = fleet.stats().backendResent();
    long t0 = System.nanoTime();
    stack.killAndRestart("backend");
    double listeningMs = ms(System.nanoTime() - t0);
    fleet.mark();
    Map<String, Long> restarted = stack.pids();
    Map<String, Long> cpu0 = ticks(restarted);
    cpu0.put("backend", 0L); // a new process: all its CPU is the restart's
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    int back;
    while ((back = fleet.back()) < alive && System.nanoTime() < deadline) {
      BenchStack.sleep(100);
    }
    out.put("restart: backend listening (ms)", listeningMs);
    out.put("restart: all agents back (ms)", ms(System.nanoTime() - t0));
    out.put("restart: agents back", (double) back);
    cpuSince("restart", restarted, cpu0, out);
    out.put("restart: agents' connections made again", (double) (fleet.stats().backendResent() - reconnects0));
    if (back < alive) {
      System.out.printf("  WARNING: %d of %d agents back within 5 min of the backend's restart%n", back, alive);
    }
  }

  /** The processes of the current run's fleet (the benchmark's own JVM for {@link FleetSimulator}). */
  private static List<Long> fleetPids = List.of(ProcessHandle.current().pid());

  private static long fleetTicks() throws IOException {
    long sum = 0;
    for (long pid : fleetPids) {
      sum += ticks(pid);
    }
    return sum;
  }

  private static SimulatedFleet fleet(BenchStack stack, int agents, int killCount, Duration delay, double failureRate, Mode mode)
      throws Exception {
    if (mode.channel()) {
      return ChannelFleet.start(stack, agents, mode.perProcess());
    }
    FleetSimulator.Settings base = FleetSimulator.Settings.of(agents);
    FleetSimulator.Settings settings =
        new FleetSimulator.Settings(
            base.agents(), base.groups(), Math.max(base.killable(), killCount), delay, failureRate, base.backendSockets(), mode.heartbeats());
    return new FleetSimulator(stack.backend(), settings);
  }

  private static Map<String, Long> ticks(Map<String, Long> pids) throws IOException {
    Map<String, Long> ticks = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : pids.entrySet()) {
      ticks.put(e.getKey(), ticks(e.getValue()));
    }
    ticks.put("simulator", fleetTicks());
    return ticks;
  }

  private static void cpuSince(String phase, Map<String, Long> pids, Map<String, Long> before, Map<String, Double> out)
      throws IOException {
    ticks(pids).forEach((name, t) -> out.put(phase + ": CPU " + name + " (s)", (t - before.get(name)) / TICKS));
  }

  private static Map<String, Object> activeQuery() {
    return Map.of("origin.name", BenchStack.BACKEND_NAME, "active", notNull());
  }

  /** {@code {"$ne": null}} (Map.of takes no null). */
  private static Map<String, Object> notNull() {
    Map<String, Object> notNull = new LinkedHashMap<>();
    notNull.put("$ne", null);
    return notNull;
  }

  private static long count(ServiceClient inventory, Map<String, Object> query) throws Exception {
    return ((Number) inventory.invoke(new Request("count", List.of(query), Map.of()), true)).longValue();
  }

  /**
   * Kills agents 0 to {@code count - 1} at once (each closes its connection and goes silent, as a server
   * that loses power does not even do) and measures until the inventory shows the first and then all of
   * them inactive.
   */
  private static void killed(ServiceClient inventory, SimulatedFleet fleet, int count, Map<String, Double> out) throws Exception {
    List<String> victims = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      victims.add(fleet.mercuryId(i));
    }
    Map<String, Object> stillActive = Map.of("mercury_id", Map.of("$in", victims), "active", notNull());
    long k0 = System.nanoTime();
    for (int i = 0; i < count; i++) {
      fleet.kill(i);
    }
    double first = Double.NaN;
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    long active;
    while (true) {
      try {
        active = count(inventory, stillActive);
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

  private static ServiceClient client(ZContext zmq, BenchStack stack, String address, String name) {
    ClientSettings base = ClientSettings.defaults(name).withTimeout(Duration.ofSeconds(120)).withRetries(0);
    return new ServiceClient(zmq, address, stack.curve().map(c -> c.operatorClient(base, name)).orElse(base));
  }

  /** utime + stime of a process, in clock ticks. */
  static long ticks(long pid) throws IOException {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    } catch (java.nio.file.NoSuchFileException e) {
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

  static double rssMb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
