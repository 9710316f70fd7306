package io.mercury.bench.fleet;

import io.mercury.common.lifecycle.DaemonJvm;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Mercury's daemons as real processes for a benchmark, started from the packaged modules as {@code
 * mercury up} starts them: the embedded store, the inventory, one RPC frontend and one backend (with the
 * original's ping and dispatch settings), on free loopback ports, in a fresh directory. Closing kills
 * them. The daemons run plaintext ({@code SECURITY_CURVE=off}) unless the stack is made with CURVE, when
 * they get the keys of a {@link FleetCurve} in {@code <dir>/keys}.
 */
public final class BenchStack implements AutoCloseable {
  static final String BACKEND_NAME = "bench-backend";

  private final Path root;
  private final Path home;
  private final Path javaBin;
  private final Path jfrDir;
  private final FleetCurve curve;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Map<String, Spec> specs = new LinkedHashMap<>();
  private String store;
  private String inventory;
  private String frontend;
  private String backend;

  /**
   * @param root the checkout (modules packaged under it)
   * @param jfrDir where each daemon writes a flight recording, or null for none
   * @param curve whether the daemons run with CURVE on
   */
  public BenchStack(Path root, Path jfrDir, boolean curve) throws IOException {
    this.root = root;
    this.home = Files.createTempDirectory("mercury-bench-");
    this.javaBin = Path.of(ProcessHandle.current().info().command().orElseThrow());
    this.jfrDir = jfrDir;
    this.curve = curve ? FleetCurve.create(home.resolve("keys")) : null;
  }

  public BenchStack start() throws IOException {
    Path portFile = home.resolve("store.port");
    start("store", "mercury-store-embedded", "io.mercury.common.store.EmbeddedStoreMain",
        List.of("--data-dir", home.resolve("data").toString(), "--bind", "127.0.0.1", "--port", "0", "--port-file", portFile.toString()));
    await("the store", () -> Files.exists(portFile) && !read(portFile).isBlank());
    store = "mongodb://127.0.0.1:" + read(portFile).trim() + "/";
    inventory = tcp(freePort());
    start("inventory", "mercury-inventory", "io.mercury.inventory.InventoryMain",
        List.of("--inventory-bind-address", inventory, "--inventory-database-uri", store));
    frontend = tcp(freePort());
    start("rpc", "mercury-rpc", "io.mercury.rpc.frontend.FrontendMain",
        List.of("--rpc-bind-address", frontend, "--rpc-inventory-router", inventory, "--rpc-database-uri", store));
    backend = tcp(freePort());
    start("backend", "mercury-rpc", "io.mercury.rpc.backend.BackendMain",
        List.of(
            "--backend-agent-service-bind-address", backend,
            "--backend-inventory-router", inventory,
            "--backend-database-uri", store,
            "--backend-origin-name", BACKEND_NAME,
            "--backend-origin-address", "127.0.0.1",
            "--backend-enrolment-bind-address", tcp(freePort())));
    for (String name : List.of("inventory", "rpc", "backend")) {
      await(name + " to listen", () -> log(name).contains("listening on"));
    }
    return this;
  }

  /** The stack's keys; empty when it runs plaintext. */
  Optional<FleetCurve> curve() {
    return Optional.ofNullable(curve);
  }

  public String inventory() {
    return inventory;
  }

  public String frontend() {
    return frontend;
  }

  public String backend() {
    return backend;
  }

  /** Daemon name to pid. */
  public Map<String, Long> pids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    processes.forEach((name, p) -> pids.put(name, p.pid()));
    return pids;
  }

  /** The store's connection string, once started. */
  public String store() {
    return store;
  }

  /** The stack's directory (state directories of extra daemons go here). */
  public Path home() {
    return home;
  }

  /**
   * Starts one more daemon of the stack from its packaged module and waits until its log contains
   * {@code ready}.
   */
  public void startDaemon(String name, String module, String mainClass, List<String> args, String ready) {
    start(name, module, mainClass, args);
    await(name + " to log '" + ready + "'", () -> log(name).contains(ready));
  }

  /**
   * Kills the daemon with SIGKILL (nothing flushed, nothing said goodbye) and starts it again with the
   * same arguments, port and data; returns once it logs that it listens again.
   */
  public void killAndRestart(String name) {
    Process p = processes.get(name);
    p.destroyForcibly();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " did not die within 30 s of SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    int listened = occurrences(log(name), "listening on");
    Spec spec = specs.get(name);
    start(name, spec.module(), spec.mainClass(), spec.args());
    await(name + " to listen again", () -> occurrences(log(name), "listening on") > listened);
  }

  private static int occurrences(String text, String what) {
    return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
  }

  /** Whether the daemon's process is still running. */
  public boolean alive(String name) {
    return processes.get(name).isAlive();
  }

  /** A free loopback port. */
  public static int freeLoopbackPort() throws IOException {
    return freePort();
  }

  public String log(String name) {
    try {
      return Files.readString(home.resolve(name + ".log"));
    } catch (IOException e) {
      return "";
    }
  }

  private record Spec(String module, String mainClass, List<String> args) {}

  private void start(String name, String module, String mainClass, List<String> args) {
    specs.put(name, new Spec(module, mainClass, List.copyOf(args)));
    List<String> command = new ArrayList<>();
    command.add(javaBin.toString());
    command.add("--sun-misc-unsafe-memory-access=allow");
    command.addAll(DaemonJvm.flags(name, System.getenv()));
    command.add("-Dmercury.service=mercury-" + name);
    if (jfrDir != null) {
      command.add("-XX:StartFlightRecording=filename=" + jfrDir.resolve(name + ".jfr") + ",settings=profile,dumponexit=true");
    }
    command.add("-cp");
    command.add(classpath(module));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve(name + ".log").toFile()));
    builder.environment().putAll(DaemonJvm.environment());
    if (curve != null) {
      builder.environment().putAll(curve.daemonEnvironment());
    } else {
      // The simulator speaks the original (plain) agent protocol, and benchmark daemons have no keys,
      // unless the caller's environment says otherwise.
      builder.environment().putIfAbsent("SECURITY_CURVE", "off");
    }
    try {
      processes.put(name, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  private String classpath(String module) {
    Path target = root.resolve(module).resolve("target");
    try (var files = Files.list(target)) {
      Path jar =
          files
              .filter(p -> p.getFileName().toString().matches(module + "-.*\\.jar"))
              .filter(p -> !p.getFileName().toString().endsWith("-tests.jar"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no " + module + " jar in " + target + "; run bin/mercury build"));
      return jar + File.pathSeparator + target.resolve("lib") + "/*";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      processes.forEach(
          (name, p) -> {
            if (!p.isAlive()) {
              throw new IllegalStateException(name + " exited; its log:\n" + log(name));
            }
          });
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      sleep(50);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }

  private static String tcp(int port) {
    return "tcp://127.0.0.1:" + port;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    List<String> names = new ArrayList<>(processes.keySet());
    Collections.reverse(names);
    for (String name : names) {
      Process p = processes.get(name);
      p.destroy(); // SIGTERM: lets the JVM write its flight recording
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    if (System.getenv("MERCURY_BENCH_KEEP") != null) {
      System.out.println("  daemons' logs and data kept in " + home);
      return;
    }
    try (var files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
