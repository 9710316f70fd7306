package io.mercury.cli.stack;

import io.mercury.cli.CliContext;
import io.mercury.cli.stack.StackMain.Ports;
import io.mercury.cli.stack.StackMain.StackException;
import io.mercury.common.protocol.Request;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.security.KeyFiles;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.zeromq.ZContext;

/**
 * {@code bin/mercury up}: which daemons start, in what order and with which arguments. Each daemon
 * gets the addresses of those started before it (store, log service, inventory, rpc frontend, backend,
 * the local agent, boot, API); the sample fleet is loaded into an empty inventory, the local agent
 * enrols with a token from the backend (or is refused, with the way out, when its key was cut off),
 * and {@code up} waits until it has registered. Then the status table and the {@link StackTour}.
 *
 * <p>Running {@code up} again keeps what already runs and answers ({@link DaemonLauncher}).
 *
 * <p>Threading: not thread-safe; one {@code up} runs on the command's thread.
 */
final class StackUp {
  private final StackLayout layout;
  private final CliContext context;
  private final StackKeys keys;
  private final DaemonLauncher launcher;
  private final StackStatus status;

  StackUp(StackLayout layout, CliContext context, StackKeys keys, DaemonLauncher launcher, StackStatus status) {
    this.layout = layout;
    this.context = context;
    this.keys = keys;
    this.launcher = launcher;
    this.status = status;
  }

  private PrintWriter out() {
    return context.out();
  }

  /** Starts what is not running yet, shows it working; returns the exit code. */
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
      String store = launcher.startStore(ports.store());
      String logService =
          launcher.startRouter(zmq, Daemon.LOG, ports.log(), "--log-port",
              address -> List.of("--log-service-bind-address", address, "--log-service-follow-address", "tcp://127.0.0.1:" + ports.logFollow(), "--log-service-db-uri", store));
      launcher.forwardLogsTo(logService);
      String inventory =
          launcher.startRouter(zmq, Daemon.INVENTORY, ports.inventory(), "--inventory-port",
              address -> List.of("--inventory-bind-address", address, "--inventory-database-uri", store));
      String rpc =
          launcher.startRouter(zmq, Daemon.RPC, ports.rpc(), "--rpc-port",
              address -> List.of("--rpc-bind-address", address, "--rpc-inventory-router", inventory, "--rpc-database-uri", store));
      String enrolment = "tcp://127.0.0.1:" + ports.enrolment();
      if (Daemon.BACKEND.running(layout).isEmpty() && !DaemonLauncher.portFree(ports.enrolment())) {
        throw new StackException("port " + ports.enrolment() + " is in use by another program; free it or run: bin/mercury up --enrolment-port N");
      }
      String backend =
          launcher.startRouter(zmq, Daemon.BACKEND, ports.backend(), "--backend-port",
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
      if (Daemon.AGENT.running(layout).isEmpty() && !DaemonLauncher.portFree(ports.pong())) {
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
      launcher.startRouter(zmq, Daemon.AGENT, ports.agent(), "--agent-port", keys.agentClient(agentState), agentEnv,
          address ->
              List.of(
                  "--agent-bind-address", address,
                  "--agent-pong-bind-address", "tcp://127.0.0.1:" + ports.pong(),
                  "--agent-remote-backend-url", backend,
                  "--agent-remote-enrolment-url", enrolment,
                  "--agent-local-ip", "127.0.0.1",
                  "--agent-state-dir", agentState.toString()));
      launcher.awaitReady(Daemon.AGENT, Daemon.AGENT.running(layout).map(ProcessHandle::pid).orElse(-1L), () -> Probes.registeredAgents(zmq, backend, keys.client(Daemon.BACKEND.name())) > 0);
      out().println("agent      registered this machine with the backend");
      String bootFiles = layout.data().resolve("boot-files").toString();
      Files.createDirectories(Path.of(bootFiles));
      launcher.startHttp(Daemon.BOOT, ports.boot(), "--boot-port", "/boot",
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
      launcher.startHttp(Daemon.API, ports.api(), "--api-port", "/api/active/computers",
          address ->
              List.of(
                  "--api-host", "127.0.0.1", "--api-port", Integer.toString(ports.api()),
                  "--api-inventory-router", inventory,
                  "--api-rpc-router", rpc,
                  "--api-audit-database-uri", store));
      out().println();
      status.print(zmq);
      out().println();
      new StackTour(context, keys).show(inventory, rpc, logService, backend, ports);
      return 0;
    }
  }

  /** Whether the local agent already runs and answers (it then needs no enrolment token). */
  private boolean agentRunning(ZContext zmq, Path agentState) {
    return Daemon.AGENT.running(layout).isPresent()
        && Daemon.read(layout.addressFile(Daemon.AGENT.name())).map(a -> Probes.routerAnswers(zmq, a, keys.agentClient(agentState))).orElse(false);
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
}
