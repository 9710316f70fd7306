package io.mercury.chaos;

import static org.awaitility.Awaitility.await;

import io.mercury.common.protocol.KeepAlive;
import io.mercury.common.protocol.Request;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.zeromq.ZContext;

/**
 * Mercury's daemons as real processes for chaos tests: the embedded store, the log service, the
 * inventory, one rpc frontend and one backend, started from the packaged modules on fixed loopback
 * ports in a fresh directory, every daemon forwarding its events to the log service. Any daemon can be
 * killed with SIGKILL and started again with the same arguments, port and data.
 *
 * <p>The backend runs with short liveness and dispatch settings ({@link #BACKEND_TIMING}) so faults
 * show within seconds.
 */
final class ChaosStack implements AutoCloseable {
  /**
   * The one place the chaos stack's transport security is chosen. The simulated agents speak the
   * original plaintext protocol, so CURVE is off; switching the stack to CURVE is this line.
   */
  static final Map<String, String> ENVIRONMENT = Map.of("SECURITY_CURVE", "off");

  /**
   * Ping every 5 s; an agent is lost after 3 unanswered attempts over 12 s (2, 4 and 6 s: generous, as
   * a loaded 2-core machine delays pongs by seconds); resend and sweep every few seconds.
   */
  static final List<String> BACKEND_TIMING =
      List.of(
          "--backend-ping-interval", "5",
          "--backend-ping-cycle-time", "0.5",
          "--backend-ping-initial-timeout", "2000",
          "--backend-ping-retries", "3",
          "--backend-ping-backoff", "1",
          "--backend-dispatch-attempt-timeout", "3",
          "--backend-dispatch-resend-after", "8",
          "--backend-dispatch-timeout-grace", "3",
          "--backend-dispatch-sweep-interval", "2");

  static final String BACKEND_NAME = "chaos-backend";

  /** How a daemon is started: module, main class and arguments. */
  private record Spec(String module, String mainClass, List<String> args, String address) {}

  private final Path root;
  private final Path home;
  private final Path java;
  private final ZContext zmq = new ZContext();
  private final Map<String, Spec> specs = new LinkedHashMap<>();
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private String store;
  private String frontend;
  private String backend;
  private String inventory;

  ChaosStack(Path home) {
    this.root = Path.of(System.getProperty("mercury.test.root", "..")).toAbsolutePath().normalize();
    this.home = home;
    this.java = Path.of(ProcessHandle.current().info().command().orElseThrow());
  }

  /** Whether the daemons' modules are packaged (the suite runs through {@code mvn verify}). */
  static boolean packaged() {
    Path root = Path.of(System.getProperty("mercury.test.root", "..")).toAbsolutePath().normalize();
    return Stream.of("mercury-store-embedded", "mercury-inventory", "mercury-log", "mercury-rpc")
        .allMatch(m -> Files.isDirectory(root.resolve(m).resolve("target/lib")));
  }

  ChaosStack start() throws IOException {
    int storePort = freePort();
    store = "mongodb://127.0.0.1:" + storePort + "/";
    specs.put("store", new Spec("mercury-store-embedded", "io.mercury.common.store.EmbeddedStoreMain",
        List.of("--data-dir", home.resolve("data").toString(), "--bind", "127.0.0.1", "--port", Integer.toString(storePort)), null));
    String log = tcp(freePort());
    specs.put("log", new Spec("mercury-log", "io.mercury.log.LogMain",
        List.of("--log-service-bind-address", log, "--log-service-follow-address", tcp(freePort()), "--log-service-db-uri", store), log));
    inventory = tcp(freePort());
    specs.put("inventory", new Spec("mercury-inventory", "io.mercury.inventory.InventoryMain",
        withLog(log, "--inventory-bind-address", inventory, "--inventory-database-uri", store), inventory));
    frontend = tcp(freePort());
    specs.put("rpc", new Spec("mercury-rpc", "io.mercury.rpc.frontend.FrontendMain",
        withLog(log, "--rpc-bind-address", frontend, "--rpc-inventory-router", inventory, "--rpc-database-uri", store), frontend));
    backend = tcp(freePort());
    List<String> backendArgs = new ArrayList<>(withLog(log,
        "--backend-agent-service-bind-address", backend,
        "--backend-inventory-router", inventory,
        "--backend-database-uri", store,
        "--backend-origin-name", BACKEND_NAME,
        "--backend-origin-address", "127.0.0.1"));
    backendArgs.addAll(BACKEND_TIMING);
    specs.put("backend", new Spec("mercury-rpc", "io.mercury.rpc.backend.BackendMain", backendArgs, backend));
    for (String name : specs.keySet()) {
      start(name);
    }
    return this;
  }

  private static List<String> withLog(String log, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--log-service", log));
    return all;
  }

  String frontend() {
    return frontend;
  }

  /** Where the daemons' logs and data are. */
  Path home() {
    return home;
  }

  String backend() {
    return backend;
  }

  String inventory() {
    return inventory;
  }

  List<String> daemons() {
    return List.copyOf(specs.keySet());
  }

  /** Starts (or starts again) a daemon and waits until it serves: answers on its port. */
  void start(String name) {
    Spec spec = specs.get(name);
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("--sun-misc-unsafe-memory-access=allow");
    command.add("-Xmx512m");
    command.add("-Dmercury.service=mercury-" + name);
    command.add("-cp");
    command.add(classpath(spec.module()));
    command.add(spec.mainClass());
    command.addAll(spec.args());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(name).toFile()));
    builder.environment().putAll(ENVIRONMENT);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
    processes.put(name, process);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> {
          if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited during start-up; log:\n" + log(name));
          }
          return serves(spec);
        });
  }

  private boolean serves(Spec spec) {
    if (spec.address() == null) {
      try (var socket = new java.net.Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(store.replaceAll(".*:(\\d+)/$", "$1")))) {
        return socket.isConnected();
      } catch (IOException e) {
        return false;
      }
    }
    try (ServiceClient client = client(spec.address(), Duration.ofSeconds(2))) {
      return KeepAlive.CONFIRMATION.equals(client.exchange(KeepAlive.REQUEST, true));
    } catch (Exception e) {
      return false;
    }
  }

  /** Kills a daemon with SIGKILL and waits until it is gone. */
  void kill9(String name) {
    Process p = processes.get(name);
    p.destroyForcibly();
    p.onExit().join();
  }

  ServiceClient client(String address, Duration timeout) {
    return new ServiceClient(zmq, address, ClientSettings.defaults(address).withTimeout(timeout).withRetries(0).withMaxMessageBytes(64 << 20));
  }

  /** Calls a frontend endpoint once, waiting up to a minute (create_job of 1,000 tasks on a loaded machine). */
  Object call(String endpoint, Object... args) throws Exception {
    return call(Duration.ofSeconds(60), endpoint, args);
  }

  /** Calls a frontend endpoint once. */
  Object call(Duration within, String endpoint, Object... args) throws Exception {
    try (ServiceClient client = client(frontend, within)) {
      return client.invoke(Request.of(endpoint, args), false);
    }
  }

  Path logFile(String name) {
    return home.resolve(name + ".log");
  }

  String log(String name) {
    try {
      List<String> lines = Files.readAllLines(logFile(name));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "";
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
              .orElseThrow(() -> new IllegalStateException("no " + module + " jar in " + target));
      return jar + File.pathSeparator + target.resolve("lib") + "/*";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    List<Process> reverse = new ArrayList<>(processes.values());
    Collections.reverse(reverse);
    reverse.forEach(Process::destroyForcibly);
    reverse.forEach(p -> p.onExit().join());
    zmq.close();
  }

  static String tcp(int port) {
    return "tcp://127.0.0.1:" + port;
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
