package io.mercury.bench.fleet;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code bin/mercury bench fleet}'s command line, checked: an unknown option, or an option that needs
 * {@code --mercury-agents} without it, prints why and exits 2.
 *
 * @param agents N, the simulated agents
 * @param runs how many runs, each on a fresh stack
 * @param cpuSeconds the liveness window (see {@link FleetMode#livenessWindowSeconds})
 * @param killCount agents killed at once at the end of a run (0: none)
 * @param taskDelay how long a simulated agent's echo runs
 * @param failureRate fraction of tasks the simulator completes as ERROR
 * @param jfr where the daemons write flight recordings, or null
 * @param mode how the fleet behaves
 */
record FleetOptions(
    int agents, int runs, int cpuSeconds, int killCount, Duration taskDelay, double failureRate, Path jfr, FleetMode mode) {

  static FleetOptions parse(String[] args) {
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
    FleetMode mode = new FleetMode(curve, heartbeats, channel, perProcess, restart);
    return new FleetOptions(agents, runs, cpuSeconds, killCount, Duration.ofMillis(delayMs), failureRate, jfr, mode);
  }
}
