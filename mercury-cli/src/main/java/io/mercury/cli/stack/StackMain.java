package io.mercury.cli.stack;

import io.mercury.cli.CliContext;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.security.KeyFiles;
import io.mercury.cli.CliLogging;
import io.mercury.cli.Mcli;
import io.mercury.common.protocol.Request;
import io.mercury.common.security.CurveClient;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import java.io.IOException;
import java.io.PrintWriter;
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
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.zeromq.ZContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/mercury up|down|status|logs}: the whole stack on this machine, each daemon a process of its
 * own, with its data, logs and pid files under {@code $MERCURY_HOME}.
 */
@Command(
    name = "mercury",
    mixinStandardHelpOptions = true,
    subcommands = {StackMain.Up.class, StackMain.Down.class, StackMain.Status.class, StackMain.Logs.class})
public final class StackMain {
  private static final Duration START_DEADLINE = Duration.ofSeconds(90);
  private static final Duration STOP_DEADLINE = Duration.ofSeconds(20);

  private final StackLayout layout;
  private final CliContext context;
  /** The log service every daemon started after it forwards its events to. */
  private String logService;

  private final StackKeys keys;

  StackMain(StackLayout layout, CliContext context) {
    this.keys = new StackKeys(layout, context.env());
    this.layout = layout;
    this.context = context;
  }

  public static void main(String[] args) {
    CliLogging.configure("mercury");
    CliContext context = CliContext.system();
    System.exit(run(StackLayout.from(System.getenv()), context, args));
  }

  static int run(StackLayout layout, CliContext context, String... args) {
    StackMain stack = new StackMain(layout, context);
    CommandLine cli = new CommandLine(stack, new Factory(stack));
    cli.setOut(context.out()).setErr(context.err());
    int code = cli.execute(args);
    context.out().flush();
    context.err().flush();
    return code;
  }

  PrintWriter out() {
    return context.out();
  }

  /** Thrown to stop a command with a one-line reason and exit code 1. */
  static final class StackException extends RuntimeException {
    StackException(String message) {
      super(message);
    }
  }

  // ---- up -------------------------------------------------------------------------------------

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = "Start the embedded store, log service, inventory, rpc frontend and backend, a local agent, the boot service and the HTTP API; show them working.")
  static final class Up implements Callable<Integer> {
    @Option(
        names = "--port-base",
        paramLabel = "N",
        description = {
          "Move every port together, for a second stack beside the first: inventory N, rpc N+1, backend N+2,",
          "agent N+3, pong N+4, api N+5, log N+6, follow N+7, enrolment N+8, boot N+9, store N+10.",
          "mcli finds them by itself (var/run/*.address). The options below override single ports."
        })
    Integer portBase;

    @Option(names = "--store-port", description = "Embedded store port (default 27017; a free one if taken).")
    Integer storePort;

    @Option(names = "--log-port", description = "Log service port (default 9006).")
    Integer logPort;

    @Option(names = "--log-follow-port", description = "Log service follow-stream (PUB) port (default 9007).")
    Integer logFollowPort;

    @Option(names = "--inventory-port", description = "Inventory port (default 9000).")
    Integer inventoryPort;

    @Option(names = "--rpc-port", description = "RPC frontend port (default 9001).")
    Integer rpcPort;

    @Option(names = "--backend-port", description = "RPC backend (agent-facing) port (default 9002).")
    Integer backendPort;

    @Option(names = "--enrolment-port", description = "RPC backend enrolment port, where new agent keys enrol (default 9008).")
    Integer enrolmentPort;

    @Option(names = "--agent-port", description = "Local agent RPC port (default 9003).")
    Integer agentPort;

    @Option(names = "--pong-port", description = "Local agent pong port (default 9004).")
    Integer pongPort;

    @Option(names = "--boot-port", description = "Boot service (iPXE) HTTP port (default 5000).")
    Integer bootPort;

    @Option(names = "--api-port", description = "HTTP API port (default 9005).")
    Integer apiPort;

    @Option(names = "--no-sample", description = "Do not load the sample fleet into an empty inventory.")
    boolean noSample;

    private final StackMain stack;

    Up(StackMain stack) {
      this.stack = stack;
    }

    @Override
    public Integer call() throws Exception {
      return stack.guard(() -> stack.up(ports(), !noSample));
    }

    /** Each port: its own option, else the base plus its offset, else the default. */
    Ports ports() throws StackException {
      if (portBase != null && (portBase < 1024 || portBase > 65_535 - 10)) {
        throw new StackException("--port-base must be between 1024 and 65525, was " + portBase);
      }
      return new Ports(
          port(storePort, 10, 27017),
          port(logPort, 6, 9006),
          port(logFollowPort, 7, 9007),
          port(inventoryPort, 0, 9000),
          port(rpcPort, 1, 9001),
          port(backendPort, 2, 9002),
          port(enrolmentPort, 8, 9008),
          port(agentPort, 3, 9003),
          port(pongPort, 4, 9004),
          port(bootPort, 9, 5000),
          port(apiPort, 5, 9005));
    }

    private int port(Integer given, int offset, int standard) {
      return given != null ? given : portBase != null ? portBase + offset : standard;
    }
  }

  int guard(Callable<Integer> body) throws Exception {
    try {
      return body.call();
    } catch (StackException e) {
      context.err().println("mercury: " + e.getMessage());
      return 1;
    }
  }

  /** The ports {@code up} asks for; the store falls back to a free port, the others must be free. */
  record Ports(int store, int log, int logFollow, int inventory, int rpc, int backend, int enrolment, int agent, int pong, int boot, int api) {}

  int up(Ports ports, boolean sample) throws Exception {
    layout.createDirectories();
    List<String> createdKeys = keys.ensure();
    if (!createdKeys.isEmpty()) {
      out().println("keys       created " + String.join(", ", createdKeys) + " in " + keys.dir());
    }
    if (!keys.curve()) {
      out().println("WARNING    SECURITY_CURVE=off: the stack runs plaintext and unauthenticated");
    }
    try (ZContext zmq = new ZContext()) {
      String store = startStore(ports.store());
      logService =
          startRouter(zmq, Daemon.LOG, ports.log(), "--log-port",
              address -> List.of("--log-service-bind-address", address, "--log-service-follow-address", "tcp://127.0.0.1:" + ports.logFollow(), "--log-service-db-uri", store));
      String inventory =
          startRouter(zmq, Daemon.INVENTORY, ports.inventory(), "--inventory-port",
              address -> List.of("--inventory-bind-address", address, "--inventory-database-uri", store));
      String rpc =
          startRouter(zmq, Daemon.RPC, ports.rpc(), "--rpc-port",
              address -> List.of("--rpc-bind-address", address, "--rpc-inventory-router", inventory, "--rpc-database-uri", store));
      String enrolment = "tcp://127.0.0.1:" + ports.enrolment();
      if (Daemon.BACKEND.running(layout).isEmpty() && !portFree(ports.enrolment())) {
        throw new StackException("port " + ports.enrolment() + " is in use by another program; free it or run: bin/mercury up --enrolment-port N");
      }
      String backend =
          startRouter(zmq, Daemon.BACKEND, ports.backend(), "--backend-port",
              address ->
                  List.of(
                      "--backend-agent-service-bind-address", address,
                      "--backend-inventory-router", inventory,
                      "--backend-database-uri", store,
                      "--backend-origin-name", "local",
                      "--backend-origin-datacenter", "local",
                      "--backend-origin-address", "127.0.0.1",
                      "--backend-enrolment-bind-address", enrolment));
      if (sample) {
        loadSampleFleet(zmq, inventory);
      }
      if (Daemon.AGENT.running(layout).isEmpty() && !portFree(ports.pong())) {
        throw new StackException("port " + ports.pong() + " is in use by another program; free it or run: bin/mercury up --pong-port N");
      }
      Path agentState = layout.data().resolve("agent");
      keys.ensureAgentKey(agentState);
      if (keys.curve()) {
        String agentKey = KeyFiles.loadPublic(KeyFiles.publicFile(agentState, "agent")).publicKey();
        AgentEnrolment.refusal(zmq, backend, keys.client(Daemon.BACKEND.name()), agentKey)
            .ifPresent(status -> {
              throw new StackException(
                  "the local agent's key (" + CurveKeyPair.fingerprint(agentKey) + ") is " + status + " ('mcli keys "
                      + (status.equals("revoked") ? "revoke" : "reject") + "'), so this machine cannot register; to let it in"
                      + " with a new key: bin/mercury down; rm " + agentState.resolve("agent.key") + "*; bin/mercury up");
            });
      }
      Map<String, String> agentEnv = keys.curve() && !agentRunning(zmq, agentState)
          ? Map.of("MERCURY_ENROL_TOKEN", AgentEnrolment.token(zmq, backend, keys.client(Daemon.BACKEND.name())))
          : Map.of();
      startRouter(zmq, Daemon.AGENT, ports.agent(), "--agent-port", keys.agentClient(agentState), agentEnv,
          address ->
              List.of(
                  "--agent-bind-address", address,
                  "--agent-pong-bind-address", "tcp://127.0.0.1:" + ports.pong(),
                  "--agent-remote-backend-url", backend,
                  "--agent-remote-enrolment-url", enrolment,
                  "--agent-local-ip", "127.0.0.1",
                  "--agent-state-dir", agentState.toString()));
      awaitReady(Daemon.AGENT, Daemon.AGENT.running(layout).map(ProcessHandle::pid).orElse(-1L), () -> Probes.registeredAgents(zmq, backend, keys.client(Daemon.BACKEND.name())) > 0);
      out().println("agent      registered this machine with the backend");
      String bootFiles = layout.data().resolve("boot-files").toString();
      java.nio.file.Files.createDirectories(java.nio.file.Path.of(bootFiles));
      startHttp(Daemon.BOOT, ports.boot(), "--boot-port", "/boot",
          address ->
              List.of(
                  "--host", "127.0.0.1", "--port", Integer.toString(ports.boot()),
                  "--inventory-router", inventory,
                  "--agent-file-server-url", address + "/files",
                  "--agent-file-directory", bootFiles,
                  "--agent-rootfs-option", "fetch",
                  "--agent-backend-url-cmdline", backend,
                  "--boot-enrolment-backend", backend,
                  "--agent-log-service-cmdline", logService));
      startHttp(Daemon.API, ports.api(), "--api-port", "/api/active/computers",
          address ->
              List.of(
                  "--api-host", "127.0.0.1", "--api-port", Integer.toString(ports.api()),
                  "--api-inventory-router", inventory,
                  "--api-rpc-router", rpc,
                  "--api-audit-database-uri", store));
      out().println();
      status(zmq);
      out().println();
      Map<String, String> env = new HashMap<>(context.env());
      env.put("MERCURY_INVENTORY_ROUTER", inventory);
      env.put("MERCURY_RPC_ROUTER", rpc);
      env.put("MERCURY_LOG_ROUTER", logService);
      env.putAll(keys.environment());
      CliContext mcli = new CliContext(context.in(), context.out(), context.err(), env);
      tour(mcli, "inventory", "count");
      tour(mcli, "inventory");
      tour(mcli, "rpc", "--all", "echo", "hello");
      tour(mcli, "rpc", "--all", "run", "uname", "-a");
      tour(mcli, "log", "--service", "mercury-agent", "-n", "5");
      out().println();
      if (!inventory.equals("tcp://127.0.0.1:9000") || !rpc.equals("tcp://127.0.0.1:9001") || !logService.equals("tcp://127.0.0.1:9006")) {
        out().println("Not on the default ports: bin/mcli finds these by itself (var/run/*.address); another mcli needs"
            + " MERCURY_INVENTORY_ROUTER=" + inventory + " MERCURY_RPC_ROUTER=" + rpc + " MERCURY_LOG_ROUTER=" + logService
            + " MERCURY_BACKEND_ROUTER=" + backend);
      }
      out().println("HTTP:  curl http://127.0.0.1:" + ports.api() + "/api/active/computers | curl http://127.0.0.1:" + ports.boot() + "/boot");
      out().println("Next: bin/mcli rpc jobs | bin/mcli shell --all | bin/mcli inventory dmi.sys_vendor=HPE | bin/mcli log -f | bin/mcli rpc job JOB_ID --trace | bin/mercury logs backend | bin/mercury down");
      return 0;
    }
  }

  private void tour(CliContext mcli, String... args) {
    out().print("$ mcli " + String.join(" ", args) + "\n");
    out().flush();
    Mcli.run(mcli, args);
  }

  private String startStore(int requestedPort) throws IOException {
    Daemon store = Daemon.STORE;
    Optional<ProcessHandle> running = store.running(layout);
    Optional<String> known = Daemon.read(layout.addressFile(store.name()));
    if (running.isPresent() && known.isPresent() && Probes.storeAnswers(known.get())) {
      out().println("store      already running (pid " + running.get().pid() + ")");
      return known.get();
    }
    running.ifPresent(p -> stop(store, p));
    int port = portFree(requestedPort) ? requestedPort : 0;
    if (port != requestedPort) {
      out().println("store      port " + requestedPort + " is taken; using a free port");
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
    out().println("store      started (pid " + pid + ")");
    return address;
  }

  /**
   * Starts a ROUTER daemon on {@code port} unless it already runs and answers; returns its address.
   *
   * @param portOption the {@code up} option that changes the port, named when the port is taken
   * @param args the daemon's arguments, given its address
   */
  private String startRouter(
      ZContext zmq, Daemon daemon, int port, String portOption, java.util.function.Function<String, List<String>> args) {
    return startRouter(zmq, daemon, port, portOption, keys.client(daemon.name()), Map.of(), args);
  }

  /** How the stack probes daemon {@code d}: the agent as the backend, with its own key; the rest as the operator. */
  private CurveClient probeOf(Daemon d) {
    return d == Daemon.AGENT ? keys.agentClient(layout.data().resolve("agent")) : keys.client(d.name());
  }

  /** Whether the local agent already runs and answers (it then needs no enrolment token). */
  private boolean agentRunning(ZContext zmq, Path agentState) {
    return Daemon.AGENT.running(layout).isPresent()
        && Daemon.read(layout.addressFile(Daemon.AGENT.name())).map(a -> Probes.routerAnswers(zmq, a, keys.agentClient(agentState))).orElse(false);
  }

  /** As above, probing with {@code probe} and adding {@code env} to the daemon's environment. */
  private String startRouter(
      ZContext zmq, Daemon daemon, int port, String portOption, CurveClient probe, Map<String, String> env,
      java.util.function.Function<String, List<String>> args) {
    Optional<ProcessHandle> running = daemon.running(layout);
    Optional<String> known = Daemon.read(layout.addressFile(daemon.name()));
    if (running.isPresent() && known.isPresent() && Probes.routerAnswers(zmq, known.get(), probe)) {
      out().printf("%-10s already running (pid %d)%n", daemon.name(), running.get().pid());
      return known.get();
    }
    running.ifPresent(p -> stop(daemon, p));
    if (!portFree(port)) {
      throw new StackException(
          "port " + port + " is in use by another program; free it or run: bin/mercury up " + portOption + " N");
    }
    String address = "tcp://127.0.0.1:" + port;
    List<String> arguments = new ArrayList<>(args.apply(address));
    if (logService != null && daemon != Daemon.LOG) {
      arguments.addAll(List.of("--log-service", logService));
    }
    Map<String, String> environment = new HashMap<>(keys.environment());
    environment.putAll(env);
    long pid = daemon.start(layout, arguments, environment);
    awaitReady(daemon, pid, () -> Probes.routerAnswers(zmq, address, probe));
    Daemon.write(layout.addressFile(daemon.name()), address);
    out().printf("%-10s started (pid %d)%n", daemon.name(), pid);
    return address;
  }

  /**
   * Starts an HTTP daemon on {@code port} unless it already runs and answers; returns its base URL.
   *
   * @param probePath a path the daemon answers once it serves
   */
  private String startHttp(
      Daemon daemon, int port, String portOption, String probePath, java.util.function.Function<String, List<String>> args) {
    String address = "http://127.0.0.1:" + port;
    Optional<ProcessHandle> running = daemon.running(layout);
    Optional<String> known = Daemon.read(layout.addressFile(daemon.name()));
    if (running.isPresent() && known.isPresent() && Probes.httpAnswers(known.get() + probePath)) {
      out().printf("%-10s already running (pid %d)%n", daemon.name(), running.get().pid());
      return known.get();
    }
    running.ifPresent(p -> stop(daemon, p));
    if (!portFree(port)) {
      throw new StackException(
          "port " + port + " is in use by another program; free it or run: bin/mercury up " + portOption + " N");
    }
    List<String> arguments = new ArrayList<>(args.apply(address));
    arguments.addAll(List.of("--log-service", logService));
    long pid = daemon.start(layout, arguments, keys.environment());
    awaitReady(daemon, pid, () -> Probes.httpAnswers(address + probePath));
    Daemon.write(layout.addressFile(daemon.name()), address);
    out().printf("%-10s started (pid %d) at %s%s%n", daemon.name(), pid, address, probePath);
    return address;
  }

  private void awaitReady(Daemon daemon, long pid, BooleanSupplier ready) {
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
                + tail(layout.log(daemon.name()), 15));
      }
      pause(200);
    }
  }

  private void loadSampleFleet(ZContext zmq, String inventory) throws Exception {
    ClientSettings settings =
        ClientSettings.defaults("inventory").withTimeout(Duration.ofSeconds(10)).withCurve(keys.client("inventory"));
    try (ServiceClient client = new ServiceClient(zmq, inventory, settings)) {
      long count = (Long) client.invoke(Request.of("count", Map.of()), true);
      if (count > 0 || !Files.isDirectory(layout.sampleFleet())) {
        return;
      }
      int loaded = SampleFleet.load(client, layout.sampleFleet());
      out().println("inventory  loaded " + loaded + " sample devices from " + layout.root().relativize(layout.sampleFleet()));
    }
  }

  private static boolean portFree(int port) {
    if (port == 0) {
      return true;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  // ---- down -----------------------------------------------------------------------------------

  @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the local stack (SIGTERM, then SIGKILL after 20 s).")
  static final class Down implements Callable<Integer> {
    private final StackMain stack;

    Down(StackMain stack) {
      this.stack = stack;
    }

    @Override
    public Integer call() {
      List<Daemon> reverse = new ArrayList<>(Daemon.ALL);
      java.util.Collections.reverse(reverse);
      for (Daemon d : reverse) {
        Optional<ProcessHandle> running = d.running(stack.layout);
        if (running.isPresent()) {
          stack.stop(d, running.get());
          stack.out().printf("%-10s stopped%n", d.name());
        } else {
          stack.out().printf("%-10s not running%n", d.name());
        }
        stack.delete(stack.layout.pidFile(d.name()));
      }
      return 0;
    }
  }

  void stop(Daemon daemon, ProcessHandle process) {
    process.destroy();
    try {
      process.onExit().get(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      out().println(daemon.name() + " did not stop within " + STOP_DEADLINE.toSeconds() + " s; killing it");
      process.destroyForcibly();
    }
  }

  void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      context.err().println("mercury: cannot delete " + file + ": " + e.getMessage());
    }
  }

  // ---- status ---------------------------------------------------------------------------------

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Show each service; exit 1 when one is not running.")
  static final class Status implements Callable<Integer> {
    private final StackMain stack;

    Status(StackMain stack) {
      this.stack = stack;
    }

    @Override
    public Integer call() {
      try (ZContext zmq = new ZContext()) {
        return stack.status(zmq);
      }
    }
  }

  int status(ZContext zmq) {
    out().printf("%-10s %-8s %-14s %-28s %s%n", "SERVICE", "PID", "STATE", "ADDRESS", "LOG");
    boolean allUp = true;
    for (Daemon d : Daemon.ALL) {
      Optional<ProcessHandle> running = d.running(layout);
      String address = Daemon.read(layout.addressFile(d.name())).orElse("-");
      String state;
      if (running.isEmpty()) {
        state = "stopped";
        allUp = false;
      } else {
        boolean answers =
            d == Daemon.STORE
                ? Probes.storeAnswers(address)
                : d.http() ? Probes.httpAnswers(address) : Probes.routerAnswers(zmq, address, probeOf(d));
        state = answers ? "running" : "not answering";
        allUp &= answers;
      }
      out().printf(
          "%-10s %-8s %-14s %-28s %s%n",
          d.name(),
          running.map(p -> Long.toString(p.pid())).orElse("-"),
          state,
          address,
          layout.root().relativize(layout.log(d.name()).toAbsolutePath()));
    }
    return allUp ? 0 : 1;
  }

  // ---- logs -----------------------------------------------------------------------------------

  @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a service's log as readable lines (or follow it with -f).")
  static final class Logs implements Callable<Integer> {
    @Parameters(arity = "0..1", description = "store, log, inventory, rpc, backend, agent, boot or api (default: all)")
    String service;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines.")
    boolean follow;

    @Option(names = "--json", description = "Print the raw JSON lines.")
    boolean json;

    @Option(names = {"-n", "--lines"}, description = "Lines from the end to start with (default 50).")
    int lines = 50;

    private final StackMain stack;

    Logs(StackMain stack) {
      this.stack = stack;
    }

    @Override
    public Integer call() throws Exception {
      List<Daemon> chosen = Daemon.ALL.stream().filter(d -> service == null || d.name().equals(service)).toList();
      if (chosen.isEmpty()) {
        stack.context.err().println("mercury logs: unknown service '" + service + "' (store, log, inventory, rpc, backend, agent, boot, api)");
        return 2;
      }
      LogPrinter printer = new LogPrinter(stack.out(), json);
      for (Daemon d : chosen) {
        printer.printTail(stack.layout.log(d.name()), lines);
      }
      if (follow) {
        printer.follow(chosen.stream().map(d -> stack.layout.log(d.name())).toList());
      }
      return 0;
    }
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted");
    }
  }

  /** Builds the subcommands with the stack they act on. */
  private record Factory(StackMain stack) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      for (var ctor : cls.getDeclaredConstructors()) {
        if (ctor.getParameterCount() == 1 && ctor.getParameterTypes()[0] == StackMain.class) {
          ctor.setAccessible(true);
          return cls.cast(ctor.newInstance(stack));
        }
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
