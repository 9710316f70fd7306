package io.mercury.cli.stack;

import static org.awaitility.Awaitility.await;

import io.mercury.common.protocol.Request;
import io.mercury.common.transport.ServiceClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.zeromq.ZContext;

/**
 * Mercury as real processes for end-to-end tests: the embedded store, the inventory, RPC frontends and
 * backends, and agents, each a JVM of its own started from the packaged modules (as {@code mercury up}
 * starts them), on free loopback ports, with fast liveness settings. Agents report copies of the Dell
 * fixture with distinct product UUIDs, so each is a distinct device.
 *
 * <p>CURVE is on, as {@code mercury up} runs it: the keys are generated in {@code <home>/keys} (one per
 * daemon and the admin {@code operator} key mcli uses), and every daemon gets {@code SECURITY_KEYS_DIR};
 * {@link #mcliEnv()} is the environment mcli needs. Each agent has a key of its own in its state
 * directory and enrols with a one-use token, which binds the key to its device. {@link #plaintext} starts
 * the same stack with CURVE off.
 */
final class TestStack implements AutoCloseable {
  /** Seconds between the daemons' full reads of the key records (20 in production): a forged record is found soon. */
  private static final String KEYS_REREAD = "2";

  /** A started daemon: its name, address, and the arguments that start it again. */
  record Service(String name, Daemon daemon, String address, List<String> args) {}

  /** A started agent. */
  record Agent(Service service, String mercuryId, int pongPort) {}

  private final StackLayout layout;
  private final StackKeys keys;
  private final StackCallers callers;
  private final ZContext zmq = new ZContext();
  private final Map<String, Service> services = new LinkedHashMap<>();
  private final Map<String, Long> pids = new LinkedHashMap<>();
  /** What each daemon got besides the stack's environment (an agent's enrolment token). */
  private final Map<String, Map<String, String>> extraEnv = new LinkedHashMap<>();
  /** Each backend's enrolment address (each needs its own port), by backend name. */
  private final Map<String, String> enrolment = new LinkedHashMap<>();
  private String store;
  private String inventory;
  private boolean withLog;
  private String logService;
  private boolean distinctMacs;

  TestStack(Path home) {
    this(home, Map.of());
  }

  /** With {@code env} as {@code bin/mercury up} reads it: {@code SECURITY_CURVE=off} for the original's plaintext. */
  private TestStack(Path home, Map<String, String> env) {
    Path root = Path.of(System.getProperty("mercury.test.root", "..")).toAbsolutePath().normalize();
    layout = new StackLayout(root, home, Path.of(ProcessHandle.current().info().command().orElseThrow()));
    layout.createDirectories();
    keys = new StackKeys(layout, env);
    keys.ensure();
    callers = new StackCallers(zmq, keys, layout, services);
  }

  /**
   * A stack with CURVE off on every daemon, agent and client ({@code SECURITY_CURVE=off}, the original's
   * plaintext wire): agents register without keys or enrolment.
   */
  static TestStack plaintext(Path home) {
    return new TestStack(home, Map.of("SECURITY_CURVE", "off"));
  }

  /** The environment mcli needs to talk CURVE to this stack (the keys dir; CURVE on). */
  Map<String, String> mcliEnv() {
    return keys.environment();
  }

  /** The stack's key directory. */
  Path keysDir() {
    return keys.dir();
  }

  /** Whether the modules the stack runs are packaged (the suite runs through {@code mvn verify}). */
  static boolean packaged() {
    Path root = Path.of(System.getProperty("mercury.test.root", "..")).toAbsolutePath().normalize();
    return Stream.of("mercury-inventory", "mercury-log", "mercury-rpc", "mercury-agent")
        .allMatch(m -> Files.isDirectory(root.resolve(m).resolve("target/lib")));
  }

  ZContext zmq() {
    return zmq;
  }

  StackLayout layout() {
    return layout;
  }

  /** The store's connection string. */
  String store() {
    return store;
  }

  /** The directory an agent keeps its key and results in. */
  Path agentState(String name) {
    return layout.data().resolve(name);
  }

  String inventory() {
    return inventory;
  }

  /** The log service's address, once started (see {@link #withLogService}). */
  String logService() {
    return logService;
  }

  /** Makes {@link #startCore} also start the log service, and every daemon forward its events to it. */
  TestStack withLogService() {
    withLog = true;
    return this;
  }

  /**
   * Gives each agent's machine MACs of its own (derived from its product UUID) instead of the fixture's,
   * so the boot service finds one device per MAC.
   */
  TestStack withDistinctMacs() {
    distinctMacs = true;
    return this;
  }

  /** The enrolment address of backend {@code backend}. */
  String enrolmentAddress(Service backend) {
    return enrolment.get(backend.name());
  }

  /** A one-use enrolment token minted by {@code backend} as the operator. */
  String token(Service backend) {
    return AgentEnrolment.token(zmq, backend.address(), keys.client("backend"));
  }

  /** Starts the store, the log service when asked for, and the inventory. */
  TestStack startCore() throws IOException {
    Path portFile = layout.run().resolve("store.port");
    long pid =
        Daemon.STORE.start(
            layout,
            List.of("--data-dir", layout.data().toString(), "--bind", "127.0.0.1", "--port", "0", "--port-file", portFile.toString()));
    pids.put("store", pid);
    await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(portFile) && !Files.readString(portFile).isBlank());
    store = "mongodb://127.0.0.1:" + Files.readString(portFile).trim() + "/";
    if (withLog) {
      String address = TestMachines.tcp(TestMachines.freePort());
      logService =
          start(
                  new Service(
                      "log",
                      Daemon.LOG,
                      address,
                      List.of(
                          "--log-service-bind-address", address,
                          "--log-service-follow-address", TestMachines.tcp(TestMachines.freePort()),
                          "--log-service-db-uri", store,
                          "--security-keys-reread-interval", KEYS_REREAD)))
              .address();
    }
    inventory =
        start(new Service("inventory", Daemon.INVENTORY, TestMachines.tcp(TestMachines.freePort()), List.of())).address();
    return this;
  }

  private List<String> inventoryArgs(String address) {
    return List.of(
        "--inventory-bind-address", address, "--inventory-database-uri", store, "--security-keys-reread-interval", KEYS_REREAD);
  }

  Service rpc(String name) {
    String address = TestMachines.tcp(TestMachines.freePort());
    return start(
        new Service(
            name,
            new Daemon(name, "mercury-rpc", Daemon.RPC.mainClass()),
            address,
            List.of(
                "--rpc-bind-address", address, "--rpc-inventory-router", inventory, "--rpc-database-uri", store,
                "--security-keys-reread-interval", KEYS_REREAD)));
  }

  Service backend(String name) {
    return backend(name, List.of());
  }

  /** A backend with {@code extra} options besides the stack's (enrolment limits, say). */
  Service backend(String name, List<String> extra) {
    String address = TestMachines.tcp(TestMachines.freePort());
    enrolment.put(name, TestMachines.tcp(TestMachines.freePort()));
    List<String> args = new ArrayList<>(extra);
    args.addAll(
            List.of(
                "--backend-agent-service-bind-address", address,
                "--backend-inventory-router", inventory,
                "--backend-database-uri", store,
                "--backend-origin-name", name,
                "--backend-origin-address", "127.0.0.1",
                "--backend-enrolment-bind-address", enrolment.get(name),
                "--backend-ping-interval", "1",
                "--backend-ping-heartbeat", "0.5",
                "--backend-ping-cycle-time", "0.5",
                "--backend-ping-initial-timeout", "1000",
                "--backend-ping-retries", "3",
                "--backend-dispatch-timeout-grace", "3",
                "--backend-dispatch-sweep-interval", "2",
                "--security-keys-reread-interval", KEYS_REREAD));
    return start(new Service(name, new Daemon(name, "mercury-rpc", Daemon.BACKEND.mainClass()), address, args));
  }

  /**
   * Starts the boot service as {@code bin/mercury up} does, serving {@code files} at {@code /files} and
   * minting tokens through {@code backend} when {@code autoEnrolment}; returns its base URL.
   */
  String boot(Service backend, Path files, boolean autoEnrolment) {
    int port = TestMachines.freePort();
    String url = "http://127.0.0.1:" + port;
    return startHttp(
        new Service(
            "boot",
            Daemon.BOOT,
            url,
            List.of(
                "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--inventory-router", inventory,
                "--agent-file-server-url", url + "/files",
                "--agent-file-directory", files.toString(),
                "--agent-rootfs-option", "fetch",
                "--agent-backend-url-cmdline", backend.address(),
                "--boot-enrolment-backend", backend.address(),
                "--boot-enrolment-auto", autoEnrolment ? "on" : "off")),
        "/boot");
  }

  /** Starts the HTTP API as {@code bin/mercury up} does (no tokens, loopback); returns its base URL. */
  String api(Service rpc) {
    int port = TestMachines.freePort();
    return startHttp(
        new Service(
            "api",
            Daemon.API,
            "http://127.0.0.1:" + port,
            List.of(
                "--api-host", "127.0.0.1", "--api-port", Integer.toString(port),
                "--api-inventory-router", inventory,
                "--api-rpc-router", rpc.address(),
                "--api-audit-database-uri", store)),
        "/api/active/computers");
  }

  private String startHttp(Service service, String probePath) {
    List<String> args = new ArrayList<>(args(service));
    long pid = service.daemon().start(layout, args, keys.environment());
    pids.put(service.name(), pid);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> {
          if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalStateException(service.name() + " exited during start-up; log:\n" + log(service.name()));
          }
          return Probes.httpAnswers(service.address() + probePath);
        });
    return service.address();
  }

  /** Starts an agent reporting a Dell-like machine with this product UUID; waits until it is active. */
  Agent agent(String name, Service backend, String productUuid) throws IOException {
    return agent(name, backend, productUuid, TestMachines.freePort(), TestMachines.freePort());
  }

  /** As above, on the given RPC and pong ports (another server taking over a dead one's address). */
  Agent agent(String name, Service backend, String productUuid, int rpcPort, int pong) throws IOException {
    Path machine =
        TestMachines.copy(
            layout.root().resolve("mercury-inspector/src/test/resources/fixtures/dell-r640"),
            layout.home().resolve("machines").resolve(name), name, productUuid, distinctMacs);
    keys.ensureAgentKey(layout.data().resolve(name));
    String address = TestMachines.tcp(rpcPort);
    Service agent =
        start(
            new Service(
                name,
                new Daemon(name, "mercury-agent", Daemon.AGENT.mainClass()),
                address,
                List.of(
                    "--agent-bind-address", address,
                    "--agent-pong-bind-address", TestMachines.tcp(pong),
                    "--agent-remote-backend-url", backend.address(),
                    "--agent-remote-enrolment-url", enrolment.get(backend.name()),
                    "--agent-local-ip", "127.0.0.1",
                    "--agent-inspect-root", machine.toString(),
                    "--agent-state-dir", layout.data().resolve(name).toString(),
                    "--agent-reregister-after", "5")),
            keys.curve() ? Map.of("MERCURY_ENROL_TOKEN", AgentEnrolment.token(zmq, backend.address(), keys.client("backend"))) : Map.of());
    String mercuryId = TestMachines.mercuryIdOf(productUuid);
    awaitActive(mercuryId);
    return new Agent(agent, mercuryId, pong);
  }

  void awaitActive(String mercuryId) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> activeOrigin(mercuryId) != null);
  }

  /** The backend name a device is active on, or null when it is inactive or unknown. */
  String activeOrigin(String mercuryId) throws Exception {
    try (ServiceClient client = client(inventory)) {
      Object doc = client.invoke(new Request("get_one", List.of(mercuryId), Map.of("projection", Map.of("active", 1, "origin", 1))), true);
      if (doc instanceof Map<?, ?> d && d.get("active") != null && d.get("origin") instanceof Map<?, ?> o) {
        return (String) o.get("name");
      }
      return null;
    }
  }

  private Service start(Service service) {
    return start(service, Map.of());
  }

  /** Starts a daemon with {@code env} added to the stack's environment (remembered for a restart). */
  private Service start(Service service, Map<String, String> env) {
    Map<String, String> environment = new LinkedHashMap<>(keys.environment());
    environment.putAll(extraEnv.merge(service.name(), env, (old, given) -> given.isEmpty() ? old : given));
    long pid = service.daemon().start(layout, args(service), environment);
    pids.put(service.name(), pid);
    services.put(service.name(), service);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> {
          if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalStateException(service.name() + " exited during start-up; log:\n" + log(service.name()));
          }
          return Probes.routerAnswers(zmq, service.address(), callers.curveTo(service));
        });
    return service;
  }

  private List<String> args(Service service) {
    List<String> args =
        new ArrayList<>(service.daemon().equals(Daemon.INVENTORY) ? inventoryArgs(service.address()) : service.args());
    if (logService != null && !service.daemon().equals(Daemon.LOG)) {
      args.addAll(List.of("--log-service", logService));
    }
    return args;
  }

  /** Kills a daemon with SIGKILL and waits until it is gone. */
  void kill9(String name) {
    ProcessHandle.of(pids.get(name)).ifPresent(p -> {
      p.destroyForcibly();
      p.onExit().join();
    });
  }

  /** Starts a killed daemon again with the same arguments and address. */
  void restart(String name) {
    start(services.get(name));
  }

  /** As {@link #restart(String)}, with {@code env} (a new enrolment token) instead of what it had. */
  void restart(String name, Map<String, String> env) {
    start(services.get(name), env);
  }

  /** A client of the daemon at {@code address}, as the operator (or, to an agent, as the backend). */
  ServiceClient client(String address) {
    return callers.client(address);
  }

  String log(String name) {
    return StackMain.tail(layout.log(name), 60);
  }

  @Override
  public void close() {
    List<Long> reverse = new ArrayList<>(pids.values());
    java.util.Collections.reverse(reverse);
    for (long pid : reverse) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    for (long pid : reverse) {
      ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
    }
    zmq.close();
  }
}
