package io.mercury.cli.stack;

import io.mercury.cli.stack.StackMain.StackException;
import io.mercury.common.security.CurveClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.zeromq.ZContext;

/**
 * Starts and stops the stack's daemons as processes of their own. A start is idempotent: a daemon
 * that already runs and answers is kept; one that runs but does not answer is stopped and started
 * again. A daemon counts as started only once it answers its probe (within 90 s, or while its process
 * lives); then its address is written to {@code var/run/<name>.address}, where mcli and {@code status}
 * find it. A taken port is a {@link StackException} that names the {@code up} option to move it.
 *
 * <p>Threading: not thread-safe; one command's thread starts the daemons one after another.
 */
final class DaemonLauncher {
  private static final Duration START_DEADLINE = Duration.ofSeconds(90);
  private static final Duration STOP_DEADLINE = Duration.ofSeconds(20);

  private final StackLayout layout;
  private final StackKeys keys;
  private final PrintWriter out;
  /** The log service every daemon started after it forwards its events to. */
  private String logService;

  DaemonLauncher(StackLayout layout, StackKeys keys, PrintWriter out) {
    this.layout = layout;
    this.keys = keys;
    this.out = out;
  }

  /** Makes every daemon started from now on (other than the log service) forward its events to {@code address}. */
  void forwardLogsTo(String address) {
    this.logService = address;
  }

  /** Starts the embedded store unless it already runs and answers; returns its connection string. */
  String startStore(int requestedPort) throws IOException {
    Daemon store = Daemon.STORE;
    Optional<ProcessHandle> running = store.running(layout);
    Optional<String> known = Daemon.read(layout.addressFile(store.name()));
    if (running.isPresent() && known.isPresent() && Probes.storeAnswers(known.get())) {
      out.println("store      already running (pid " + running.get().pid() + ")");
      return known.get();
    }
    running.ifPresent(p -> stop(store, p));
    int port = portFree(requestedPort) ? requestedPort : 0;
    if (port != requestedPort) {
      out.println("store      port " + requestedPort + " is taken; using a free port");
    }
    Path portFile = layout.run().resolve("store.port");
    Files.deleteIfExists(portFile);
    long pid =
        store.start(
            layout,
            List.of(
                "--data-dir", layout.data().toString(),
                "--bind", "127.0.0.1",
                "--port", Integer.toString(port),
                "--port-file", portFile.toString()));
    awaitReady(store, pid, () -> Files.exists(portFile));
    String address = "mongodb://127.0.0.1:" + Daemon.read(portFile).orElseThrow() + "/";
    awaitReady(store, pid, () -> Probes.storeAnswers(address));
    Daemon.write(layout.addressFile(store.name()), address);
    out.println("store      started (pid " + pid + ")");
    return address;
  }

  /**
   * Starts a ROUTER daemon on {@code port} unless it already runs and answers; returns its address.
   *
   * @param portOption the {@code up} option that changes the port, named when the port is taken
   * @param args the daemon's arguments, given its address
   */
  String startRouter(
      ZContext zmq, Daemon daemon, int port, String portOption, Function<String, List<String>> args) {
    return startRouter(zmq, daemon, port, portOption, keys.client(daemon.name()), Map.of(), args);
  }

  /** As above, probing with {@code probe} and adding {@code env} to the daemon's environment. */
  String startRouter(
      ZContext zmq, Daemon daemon, int port, String portOption, CurveClient probe, Map<String, String> env,
      Function<String, List<String>> args) {
    Optional<String> already = alreadyRunning(daemon, port, portOption, known -> Probes.routerAnswers(zmq, known, probe));
    if (already.isPresent()) {
      return already.get();
    }
    String address = "tcp://127.0.0.1:" + port;
    List<String> arguments = new ArrayList<>(args.apply(address));
    if (logService != null && !daemon.equals(Daemon.LOG)) {
      arguments.addAll(List.of("--log-service", logService));
    }
    Map<String, String> environment = new HashMap<>(keys.environment());
    environment.putAll(env);
    long pid = daemon.start(layout, arguments, environment);
    awaitReady(daemon, pid, () -> Probes.routerAnswers(zmq, address, probe));
    Daemon.write(layout.addressFile(daemon.name()), address);
    out.printf("%-10s started (pid %d)%n", daemon.name(), pid);
    return address;
  }

  /**
   * Starts an HTTP daemon on {@code port} unless it already runs and answers; returns its base URL.
   *
   * @param probePath a path the daemon answers once it serves
   */
  String startHttp(
      Daemon daemon, int port, String portOption, String probePath, Function<String, List<String>> args) {
    Optional<String> already = alreadyRunning(daemon, port, portOption, known -> Probes.httpAnswers(known + probePath));
    if (already.isPresent()) {
      return already.get();
    }
    String address = "http://127.0.0.1:" + port;
    List<String> arguments = new ArrayList<>(args.apply(address));
    arguments.addAll(List.of("--log-service", logService));
    long pid = daemon.start(layout, arguments, keys.environment());
    awaitReady(daemon, pid, () -> Probes.httpAnswers(address + probePath));
    Daemon.write(layout.addressFile(daemon.name()), address);
    out.printf("%-10s started (pid %d) at %s%s%n", daemon.name(), pid, address, probePath);
    return address;
  }

  /**
   * The daemon's address when it already runs and {@code answers} there; otherwise empty, after a copy
   * that runs but does not answer was stopped.
   *
   * @throws StackException when {@code port} is taken by another program
   */
  private Optional<String> alreadyRunning(Daemon daemon, int port, String portOption, Predicate<String> answers) {
    Optional<ProcessHandle> running = daemon.running(layout);
    Optional<String> known = Daemon.read(layout.addressFile(daemon.name()));
    if (running.isPresent() && known.isPresent() && answers.test(known.get())) {
      out.printf("%-10s already running (pid %d)%n", daemon.name(), running.get().pid());
      return known;
    }
    running.ifPresent(p -> stop(daemon, p));
    if (!portFree(port)) {
      throw new StackException(
          "port " + port + " is in use by another program; free it or run: bin/mercury up " + portOption + " N");
    }
    return Optional.empty();
  }

  void awaitReady(Daemon daemon, long pid, BooleanSupplier ready) {
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    while (!ready.getAsBoolean()) {
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      if (!alive || System.nanoTime() > deadline) {
        throw new StackException(
            daemon.name()
                + (alive ? " did not answer within " + START_DEADLINE.toSeconds() + " s" : " exited during start-up")
                + "; last lines of "
                + layout.log(daemon.name())
                + ":\n"
                + StackMain.tail(layout.log(daemon.name()), 15));
      }
      StackMain.pause(200);
    }
  }

  /** Stops {@code process} with SIGTERM, then SIGKILL when it has not exited after 20 s. */
  void stop(Daemon daemon, ProcessHandle process) {
    process.destroy();
    try {
      process.onExit().get(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      out.println(daemon.name() + " did not stop within " + STOP_DEADLINE.toSeconds() + " s; killing it");
      process.destroyForcibly();
    }
  }

  /** Whether 127.0.0.1:{@code port} can be bound now (port 0 always can). */
  static boolean portFree(int port) {
    if (port == 0) {
      return true;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
