package io.mercury.common.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JVM memory settings a Mercury daemon is started with (by {@code mercury up} and the fleet
 * benchmark), so that its footprint is bounded instead of growing towards a quarter of the machine's
 * memory (the JVM's default heap limit). The serial collector: a daemon's heap is small, the machine has
 * few cores, and it has the least overhead per byte of heap; direct memory is capped (but for the store),
 * by the connections each daemon holds.
 * Sizes are for 10,000 agents per backend
 * (docs/benchmarks.md); {@code MERCURY_<NAME>_XMX} in the environment (e.g. {@code
 * MERCURY_BACKEND_XMX=512m}) overrides one, and {@code MERCURY_<NAME>_JAVA_OPTS} adds options of the
 * operator's (e.g. {@code -XX:NativeMemoryTracking=summary}, a JFR recording, GC logging), split on
 * white space, after Mercury's.
 */
public final class DaemonJvm {
  private static final Map<String, String> MAX_HEAP =
      Map.of(
          "store", "1024m",
          "inventory", "256m",
          "rpc", "128m",
          // 10,000 Mercury agents each hold a connection: JeroMQ keeps about 10 KB of heap per connection
          // (its pipes' queues), and the backend's live heap was 240 MB with them
          "backend", "384m",
          "log", "256m",
          "agent", "128m",
          "boot", "128m",
          "api", "192m");
  private static final String DEFAULT_MAX_HEAP = "256m";

  private DaemonJvm() {}

  /** JVM options for the daemon {@code name} ({@code store}, {@code backend}, ...). */
  public static List<String> flags(String name, Map<String, String> env) {
    String prefix = "MERCURY_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    String override = env.get(prefix + "_XMX");
    String heap = override != null && override.matches("\\d+[kmgKMG]?") ? override : MAX_HEAP.getOrDefault(name, DEFAULT_MAX_HEAP);
    // A JVM out of heap exits, saying so on stderr without allocating, rather than limping on: the
    // supervisor starts it again and nothing is lost (FatalErrors does the same for other errors)
    List<String> flags = new ArrayList<>(List.of("-Xmx" + heap, "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=128m", "-XX:+ExitOnOutOfMemoryError"));
    if (name.equals("backend")) {
      // The backend holds a connection per Mercury agent (its agent channel), and JeroMQ gives each
      // connection 16 KB of direct buffers (8 KB to read, 8 KB to write) for as long as it is open:
      // 160 MB at 10,000 agents. At 32 MB its I/O threads died of OutOfMemoryError at about 2,000
      // CURVE agents. 256 MB is about 15,000 agent connections with room for dead ones awaiting a
      // collection; more agents per backend need MERCURY_BACKEND_JAVA_OPTS=-XX:MaxDirectMemorySize=...
      flags.add("-XX:MaxDirectMemorySize=256m");
    } else if (!name.equals("store")) {
      // JeroMQ gives each connection direct buffers; the connections other daemons open are short-lived
      // or few, and the dead ones outlive young collections, so without a cap their memory waited for a
      // full one. At the cap the JVM collects first. (The store's Netty pools its own.)
      flags.add("-XX:MaxDirectMemorySize=32m");
    }
    String extra = env.get(prefix + "_JAVA_OPTS");
    if (extra != null && !extra.isBlank()) {
      flags.addAll(List.of(extra.trim().split("\\s+")));
    }
    return List.copyOf(flags);
  }

  /**
   * Environment for a daemon: glibc's malloc keeps at most two arenas, instead of one per core times
   * eight, which costs resident memory for every thread that allocates natively (ZeroMQ, Netty).
   */
  public static Map<String, String> environment() {
    return Map.of("MALLOC_ARENA_MAX", "2");
  }
}
