package io.mercury.chaos;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The local stack exactly as an operator runs it: {@code bin/mercury up --port-base N} in the checkout,
 * with its own {@code MERCURY_HOME} and a block of eleven free ports, so it stands beside any other
 * stack on the machine (a developer's on the default ports, another worktree's test). Every daemon
 * the stack ever started is remembered, so {@link #down()} can tell whether all of them stopped.
 */
final class TourStack implements AutoCloseable {
  /** The modules whose jars and {@code target/lib} the stack and its agent run from. */
  private static final List<String> MODULES =
      List.of("mercury-cli", "mercury-stack", "mercury-store-embedded", "mercury-inventory", "mercury-log", "mercury-rpc", "mercury-agent", "mercury-inspector", "mercury-boot", "mercury-api");

  /** {@code up --port-base N} takes N..N+10 (see {@code bin/mercury up --help}). */
  static final int PORTS = 11;

  static final int API_OFFSET = 5;
  static final int BOOT_OFFSET = 9;

  /** Below Linux's ephemeral range (32768+), where outgoing connections take ports at random. */
  private static final int LOWEST_BASE = 20_000;
  private static final int HIGHEST_BASE = 32_700;
  private static final int UP_ATTEMPTS = 3;
  private static final Duration UP_LIMIT = Duration.ofMinutes(3);
  private static final Duration DOWN_LIMIT = Duration.ofMinutes(2);
  private static final Pattern PORT_TAKEN = Pattern.compile("is in use by another program");

  private final Path root;
  private final Path home;
  private final Map<String, String> env;
  private final Map<Long, ProcessHandle> daemons = new LinkedHashMap<>();
  private int portBase;
  private int outputs;
  private boolean up;

  TourStack(Path root, Path home) {
    this.root = root;
    this.home = home;
    this.env = environment(home);
  }

  /** Whether every module the stack runs from is packaged (the suite runs through {@code mvn verify}). */
  static boolean packaged(Path root) {
    return MODULES.stream().allMatch(m -> Files.isDirectory(root.resolve(m).resolve("target/lib")) && jar(root, m));
  }

  private static boolean jar(Path root, String module) {
    try (Stream<Path> files = Files.list(root.resolve(module).resolve("target"))) {
      return files.anyMatch(p -> p.getFileName().toString().matches(module + "-[^/]*(?<!-tests)\\.jar"));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The operator's environment minus anything that would point the scripts elsewhere: no
   * {@code MERCURY_*} addresses or {@code SECURITY_CURVE} from the caller, this JVM's JDK.
   */
  private static Map<String, String> environment(Path home) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.keySet().removeIf(k -> k.startsWith("MERCURY_") || k.startsWith("SECURITY_"));
    env.put("MERCURY_HOME", home.toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    return env;
  }

  /**
   * Tells {@code bin/mercury} and {@code bin/mcli} that the build is current, so they never run Maven
   * from inside this test. They rebuild when {@code mercury-cli/target/.mercury-build-stamp} is missing
   * or older than a source or pom (bin/lib/common.sh, ensure_built); under {@code mvn verify} every
   * module was packaged moments ago in this same reactor, which is what the stamp records. Call it only
   * after {@link #packaged}.
   */
  void markBuilt() throws IOException {
    Path stamp = root.resolve("mercury-cli/target/.mercury-build-stamp");
    if (!Files.exists(stamp)) {
      Files.createFile(stamp);
    }
    Files.setLastModifiedTime(stamp, FileTime.fromMillis(System.currentTimeMillis()));
  }

  /**
   * Runs {@code bin/mercury up --port-base N} on a free block; when a port of it was taken meanwhile
   * (another program bound it between the check and the start), stops what started and tries another.
   */
  ShellLine.Outcome up() {
    ShellLine.Outcome outcome = null;
    for (int attempt = 1; attempt <= UP_ATTEMPTS; attempt++) {
      portBase = freeBlock();
      up = true;
      outcome = run("bin/mercury up --port-base " + portBase, UP_LIMIT);
      rememberDaemons();
      if (outcome.stillRunning() || outcome.exitCode() == 0 || !outcome.anyLineMatches(PORT_TAKEN)) {
        return outcome;
      }
      run("bin/mercury down", DOWN_LIMIT);
    }
    return outcome;
  }

  int portBase() {
    return portBase;
  }

  int apiPort() {
    return portBase + API_OFFSET;
  }

  int bootPort() {
    return portBase + BOOT_OFFSET;
  }

  Path home() {
    return home;
  }

  /** Runs a command line against this stack; its output is kept in {@code MERCURY_HOME/tour/}. */
  ShellLine.Outcome run(String command, Duration limit) {
    Path output = home.resolve("tour").resolve(String.format("%02d.out", ++outputs));
    try {
      Files.createDirectories(output.getParent());
      Files.writeString(output.resolveSibling(output.getFileName() + ".cmd"), command + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ShellLine.run(command, root, env, limit, output);
  }

  /** Notes the daemons now running (their pid files), to check after {@link #down()} that each stopped. */
  void rememberDaemons() {
    try (Stream<Path> files = Files.list(home.resolve("run"))) {
      for (Path pidFile : files.filter(p -> p.getFileName().toString().endsWith(".pid")).toList()) {
        String text = Files.readString(pidFile).strip();
        if (text.matches("\\d+")) {
          long pid = Long.parseLong(text);
          ProcessHandle.of(pid).ifPresent(h -> daemons.putIfAbsent(pid, h));
        }
      }
    } catch (IOException e) {
      // no run/ yet, or a pid file being rewritten: the next call sees it
    }
  }

  /**
   * Runs {@code bin/mercury down} and returns what went wrong: its exit code, and each daemon this
   * stack ever started that is still alive afterwards. Empty when everything stopped.
   */
  List<String> down() {
    rememberDaemons();
    List<String> problems = new ArrayList<>();
    ShellLine.Outcome outcome = run("bin/mercury down", DOWN_LIMIT);
    up = false;
    if (outcome.stillRunning() || outcome.exitCode() != 0) {
      problems.add("bin/mercury down: " + outcome.describe() + "\n" + outcome.tail(12));
    }
    try {
      // down waits for each daemon to exit; this only absorbs the moment the kernel takes to reap one
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
          .until(() -> daemons.values().stream().noneMatch(ProcessHandle::isAlive));
    } catch (ConditionTimeoutException e) {
      daemons.values().stream()
          .filter(ProcessHandle::isAlive)
          .forEach(h -> problems.add("pid " + h.pid() + " (" + h.info().commandLine().orElse("?") + ") still runs after bin/mercury down"));
    }
    return problems;
  }

  /** Stops the stack if a test ended before {@link #down()}; never throws. */
  @Override
  public void close() {
    if (up) {
      down();
    }
  }

  /** A base N with N..N+10 free on loopback now, chosen at random so parallel runs rarely meet. */
  private static int freeBlock() {
    for (int tries = 0; tries < 200; tries++) {
      int base = ThreadLocalRandom.current().nextInt(LOWEST_BASE, HIGHEST_BASE - PORTS);
      if (blockFree(base)) {
        return base;
      }
    }
    throw new IllegalStateException("no block of " + PORTS + " free ports between " + LOWEST_BASE + " and " + HIGHEST_BASE);
  }

  private static boolean blockFree(int base) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int port = base; port < base + PORTS; port++) {
        ServerSocket socket = new ServerSocket();
        held.add(socket);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      }
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      for (ServerSocket socket : held) {
        try {
          socket.close();
        } catch (IOException e) {
          // closing a probe
        }
      }
    }
  }
}
