package io.mercury.bench.fleet;

import java.nio.file.Path;

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
 * <p>Prints every run's figures and the medians. The pieces: {@link FleetOptions} (the command line),
 * {@link FleetRun} (one run's phases; fan-out in {@link FanOutPhase}, killed agents and the backend
 * restart in {@link FaultPhases}), {@link ProcessSampler} (CPU and memory from {@code /proc}), {@link
 * FleetReport} (the printed figures).
 */
public final class FleetBenchmark {
  private FleetBenchmark() {}

  public static void main(String[] args) throws Exception {
    FleetOptions options = FleetOptions.parse(args);
    Path root = Path.of(System.getProperty("mercury.root", ".")).toAbsolutePath().normalize();
    FleetReport report = new FleetReport();
    for (int run = 1; run <= options.runs(); run++) {
      System.out.printf("run %d/%d, %d agents, %s%n", run, options.runs(), options.agents(), options.mode());
      report.run(new FleetRun(root, options).run());
    }
    report.medians(options.runs(), options.agents(), options.mode());
  }
}
