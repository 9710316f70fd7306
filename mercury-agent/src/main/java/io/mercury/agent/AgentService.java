package io.mercury.agent;

import io.mercury.agent.capability.AgentEnvironment;
import io.mercury.agent.capability.Capabilities;
import io.mercury.common.client.BackendClient;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.logging.Logging;
import io.mercury.common.protocol.backend.AgentInfo;
import io.mercury.common.security.Caller;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.CurveServer;
import io.mercury.common.security.Role;
import io.mercury.common.security.StaticAllowList;
import io.mercury.common.security.ZapAuthenticator;
import io.mercury.common.time.ScheduledTimeSource;
import io.mercury.common.transport.Addresses;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RouterServer;
import io.mercury.common.transport.ServerSettings;
import io.mercury.common.transport.ServerStats;
import io.mercury.common.transport.ServiceClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * One running agent: inspects the machine, binds the RPC ROUTER and the pong REP, resends spooled results,
 * and registers with the backend (advertising the ports actually bound, and offering its connection to
 * the backend as the agent channel, which carries the same tasks, cancels and pings). Closing stops everything in
 * reverse order; running tasks are completed as CANCELLED and their results stay spooled for the next
 * start.
 */
public final class AgentService implements AutoCloseable {
  public static final String NAME = "mercury-agent";
  private static final Logger log = LoggerFactory.getLogger(AgentService.class);
  private static final int RPC_WORKERS = 4;
  /** The agent channel version this agent offers in {@code agent_info.channel}. */
  private static final long AGENT_CHANNEL_VERSION = 1;

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  // Names this process in agent_info (a Mercury addition): a backend that sees a new instance knows
  // the agent restarted and that tasks the old process had open will not report.
  private final String instance = java.util.UUID.randomUUID().toString();
  private DeviceDocument device;
  private Capabilities capabilities;
  private Registrar registrar;
  private String advertisedAddress;
  private String rpcEndpoint;
  private RouterServer router;
  private String pongEndpoint;

  private AgentSecurity security;

  private AgentService() {}

  /** Starts an agent with the capabilities of every provider on the class path. */
  public static AgentService start(ZContext context, AgentConfig config) {
    return start(context, config, Capabilities::load);
  }

  /**
   * Starts an agent whose capabilities come from {@code capabilities}.
   *
   * @throws IllegalStateException or {@link UncheckedIOException} when a part cannot start; what had
   *     started is closed again
   */
  public static AgentService start(
      ZContext context, AgentConfig config, Function<AgentEnvironment, Capabilities> capabilities) {
    return start(context, config, capabilities, AgentSecurity.off());
  }

  /**
   * As {@link #start(ZContext, AgentConfig, Function)} with CURVE as {@code security} says: the RPC and
   * pong servers accept only the backend's keys, the backend client uses the agent's key, and the
   * registration carries {@code agent_info.curve_public_key}. The agent owns the context's ZAP handler.
   */
  public static AgentService start(
      ZContext context,
      AgentConfig config,
      Function<AgentEnvironment, Capabilities> capabilities,
      AgentSecurity security) {
    AgentService agent = new AgentService();
    agent.security = security;
    try {
      agent.startParts(context, config, capabilities);
      return agent;
    } catch (RuntimeException e) {
      agent.close();
      throw e;
    }
  }

  private void startParts(
      ZContext context, AgentConfig config, Function<AgentEnvironment, Capabilities> capabilityLoader) {
    device = DeviceDocument.inspect(config.inspectRoot());
    Logging.identify(device.mercuryId());
    advertisedAddress = AgentAddress.resolve(config.localIp(), Path.of("/proc/net/route"));
    ResultSpool spool = new ResultSpool(config.stateDir());
    CurveServer rpcCurve = null;
    CurveServer pongCurve = null;
    if (security.curve()) {
      ZapAuthenticator zap = manage(new ZapAuthenticator(context));
      StaticAllowList backends = security.allowList();
      rpcCurve = zap.server(NAME, security.key(), backends);
      pongCurve = zap.server(NAME + "-pong", security.key(), backends);
      log.info("CURVE on: agent key {}, accepting {} backend key(s)", security.key().fingerprint(), security.backendKeys().size());
    } else {
      log.warn("SECURITY OFF: security.curve=off, the agent's sockets are plaintext and accept anyone (compatibility mode)");
    }
    AgentChannel channel = new AgentChannel(backendCaller(), InstantSource.system());
    BackendClient backend =
        new BackendClient(
            manage(new ServiceClient(context, config.backendUrl(), backendSettings(config.backendTimeout(), security.backendClient()), channel)));
    ResultReporter reporter = manage(new ResultReporter(backend, spool));
    try {
      reporter.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the result spool in " + config.stateDir() + ": " + e.getMessage(), e);
    }
    capabilities = capabilityLoader.apply(new AgentEnvironment(config, device, backend));
    // the tasks' time limits and the registrar's waits: a few short alarms
    ScheduledTimeSource timer = manage(ScheduledTimeSource.start("agent-timer", 1));
    TaskRunner runner = manage(new TaskRunner(reporter, spool, device::mercuryId, config.maxConcurrentTasks(), timer));
    RpcHandler rpc = new RpcHandler(capabilities, runner, device::mercuryId);
    router =
        new RouterServer(
            context,
            ServerSettings.of(NAME, config.bindAddress()).withWorkers(RPC_WORKERS).withCurve(rpcCurve),
            rpc);
    rpcEndpoint = router.start();
    manage(router);
    PongServer pong = new PongServer(context, config.pongBindAddress(), pongCurve, device::mercuryId);
    pongEndpoint = pong.start();
    manage(pong);
    registrar =
        manage(
            new Registrar(
                backend, device::current, this::agentInfo, () -> latest(pong.lastPing(), channel.lastContact()),
                config.reregisterAfter(), timer, gate(context, config)));
    channel.serve(rpc, pong::pong, registrar::reconnected);
    registrar.start();
    log.info("{} {} started: rpc {}, pong {}, advertised as {}, capabilities {}", NAME, device.mercuryId(),
        rpcEndpoint, pongEndpoint, advertisedAddress, capabilities.names());
  }

  /**
   * Who the backend's requests over the agent channel come from: the backend this agent connected to,
   * whose key (with CURVE) the handshake checked, as the RPC socket's allow-list names it.
   */
  private Caller backendCaller() {
    return security.curve()
        ? new Caller("backend", security.backendClient().serverPublicKey(), Role.SERVICE)
        : Caller.unauthenticated();
  }

  private static Instant latest(Instant a, Instant b) {
    return a == null || (b != null && b.isAfter(a)) ? b : a;
  }

  /** With enrolment configured (CURVE on), registration waits until the backend accepts the key. */
  private Registrar.Gate gate(ZContext context, AgentConfig config) {
    EnrolmentConfig enrolment = config.enrolment();
    if (enrolment == null) {
      return Registrar.Gate.OPEN;
    }
    EnrolmentClient client =
        manage(new EnrolmentClient(context, enrolment.url(), config.backendTimeout(), security.backendClient()));
    return new Enroller(client, enrolment, device::mercuryId, AgentService::hostName);
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }

  private <T extends AutoCloseable> T manage(T resource) {
    resources.push(resource);
    return resource;
  }

  /**
   * The settings of the agent's connection to the backend: one attempt per call (the registrar and the
   * reporter decide about retries), CURVE when {@code curve} is not null.
   */
  public static ClientSettings backendSettings(Duration timeout, CurveClient curve) {
    return ClientSettings.defaults("backend").withTimeout(timeout).withRetries(0).withCurve(curve);
  }

  /** The {@code agent_info} sent with each registration; it offers the agent channel (docs/protocol.md). */
  public AgentInfo agentInfo() {
    return new AgentInfo(
        advertisedAddress,
        null,
        (long) rpcPort(),
        (long) pingPort(),
        MsgPack.epochSeconds(Instant.now()),
        instance,
        capabilities.toWire(),
        AGENT_CHANNEL_VERSION,
        security.curve() ? security.key().publicKey() : null,
        Map.of());
  }

  public String mercuryId() {
    return device.mercuryId();
  }

  /** The device document as last inspected. */
  public Map<String, Object> deviceInfo() {
    return device.current();
  }

  /** A connectable address of the RPC ROUTER, e.g. {@code tcp://127.0.0.1:41234}. */
  public String rpcEndpoint() {
    return rpcEndpoint;
  }

  /** What the RPC socket (the backend's direct requests) has received and answered so far. */
  public ServerStats rpcStats() {
    return router.stats();
  }

  /** A connectable address of the pong REP. */
  public String pongEndpoint() {
    return pongEndpoint;
  }

  public int rpcPort() {
    return Addresses.port(rpcEndpoint);
  }

  public int pingPort() {
    return Addresses.port(pongEndpoint);
  }

  public String advertisedAddress() {
    return advertisedAddress;
  }

  public Capabilities capabilities() {
    return capabilities;
  }

  /** How many registrations the backend has accepted so far. */
  public int registrations() {
    return registrar == null ? 0 : registrar.registrations();
  }

  /** How many heartbeats the backend has answered since start (none with the original's backend). */
  public int heartbeats() {
    return registrar == null ? 0 : registrar.heartbeats();
  }

  @Override
  public void close() {
    while (!resources.isEmpty()) {
      AutoCloseable r = resources.pop();
      try {
        r.close();
      } catch (Exception e) {
        log.warn("closing {} failed", r, e);
      }
    }
  }
}
