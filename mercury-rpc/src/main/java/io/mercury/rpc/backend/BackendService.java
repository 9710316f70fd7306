package io.mercury.rpc.backend;

import io.mercury.common.client.InventoryClient;
import io.mercury.common.dispatch.Dispatcher;
import io.mercury.common.dispatch.EndpointException;
import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.security.AllowList;
import io.mercury.common.security.TransportSecurity;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.store.keys.EnrolmentTokens;
import io.mercury.common.store.keys.KeyStore;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.PeerRequests;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.RouterServer;
import io.mercury.common.transport.ServerSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import io.mercury.rpc.inventory.InventoryScan;
import io.mercury.rpc.keys.AnyKey;
import io.mercury.rpc.keys.AutoEnrolment;
import io.mercury.rpc.keys.Enrolment;
import io.mercury.rpc.keys.KeyAdmin;
import io.mercury.rpc.keys.KeyEndpoints;
import io.mercury.rpc.link.AgentKeys;
import io.mercury.rpc.link.AgentRequests;
import io.mercury.rpc.liveness.AgentLostListener;
import io.mercury.rpc.store.RpcStore;
import io.mercury.rpc.store.TaskReports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The RPC backend's parts in start order: inventory client, the agent routes (agent channel, else the
 * direct link), task dispatcher, agent registry with its liveness watch, the ROUTER server (agent
 * endpoints and the operators' key endpoints; it also carries the agent channel), the enrolment
 * ROUTER server; then it takes back its agents and open tasks. Closing stops them in
 * reverse; the caller owns the context, the Mongo client and the agent link.
 */
public final class BackendService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackendService.class);
  public static final String NAME = "mercury-backend";
  /** The enrolment socket's name (its ZAP domain). */
  public static final String ENROLMENT = NAME + "-enrolment";

  private final ZContext inventoryContext;
  private final ServiceClient inventory;
  private final TaskDispatcher tasks;
  private final AgentWatch watch;
  private final RouterServer server;
  private final PeerRequests peers;
  private final AgentChannels channels;
  private final RouterServer enrolment;

  private BackendService(
      ZContext inventoryContext,
      ServiceClient inventory,
      TaskDispatcher tasks,
      AgentWatch watch,
      RouterServer server,
      PeerRequests peers,
      AgentChannels channels,
      RouterServer enrolment) {
    this.inventoryContext = inventoryContext;
    this.inventory = inventory;
    this.tasks = tasks;
    this.watch = watch;
    this.server = server;
    this.peers = peers;
    this.channels = channels;
    this.enrolment = enrolment;
  }

  /**
   * How the backend runs.
   *
   * @param server where agents (and the frontend) reach it
   * @param origin what it stamps on the devices it registers
   * @param inventoryAddress the inventory service
   * @param dispatch how tasks are delivered
   * @param security CURVE for its server and its inventory client
   * @param agentKeys where the agents' public keys from their registrations are recorded, for the link
   */
  public record Settings(
      ServerSettings server,
      Origin origin,
      String inventoryAddress,
      DispatchSettings dispatch,
      TransportSecurity security,
      AgentKeys agentKeys) {
    /** Plaintext settings. */
    public Settings(ServerSettings server, Origin origin, String inventoryAddress, DispatchSettings dispatch) {
      this(server, origin, inventoryAddress, dispatch, TransportSecurity.off(), new AgentKeys());
    }
  }

  /**
   * The key allow-list and enrolment.
   *
   * @param keys the allow-list
   * @param tokens the enrolment tokens
   * @param enrolmentServer where agents with keys not yet accepted reach {@code enrol}
   * @param autoTokensPerMinute the most tokens minted for booting agents' MACs in a minute
   */
  public record Keys(KeyStore keys, EnrolmentTokens tokens, ServerSettings enrolmentServer, int autoTokensPerMinute) {
    public static final int DEFAULT_AUTO_TOKENS_PER_MINUTE = 60;

    public Keys(KeyStore keys, EnrolmentTokens tokens, ServerSettings enrolmentServer) {
      this(keys, tokens, enrolmentServer, DEFAULT_AUTO_TOKENS_PER_MINUTE);
    }
  }

  /**
   * Creates the liveness watch, given where to report lost agents and how to reach them (the backend's
   * routes: the agent channel when an agent has one, else the direct link).
   */
  @FunctionalInterface
  public interface WatchFactory {
    AgentWatch create(AgentLostListener onLost, AgentRequests agents);
  }

  /** Most requests in flight at once over agents' own connections (tasks, cancels, pings). */
  static final int CHANNEL_MAX_IN_FLIGHT = 100_000;

  /**
   * Starts the backend and returns once it serves.
   *
   * @param agents how agents are reached directly (the link), for the original's agents and whenever an
   *     agent's channel is not bound
   * @param watchFactory builds the liveness watch; the backend closes it
   */
  public static BackendService start(
      ZContext context,
      Settings settings,
      RpcStore store,
      AgentRequests agents,
      WatchFactory watchFactory,
      Keys keys,
      AuditTrail audit) {
    // A context (an I/O thread) of its own: the agent-facing context's I/O threads perform every agent
    // connection's CURVE handshake, and in a storm of 10,000 the inventory client's connection waited
    // behind them for over 40 s, so every registration failed.
    ZContext inventoryContext = new ZContext(1);
    ServiceClient inventory =
        new ServiceClient(
            inventoryContext,
            settings.inventoryAddress(),
            ClientSettings.defaults("inventory")
                .withTimeout(Duration.ofSeconds(10))
                .withRetries(3)
                .withCurve(settings.security().client("inventory")));
    PeerRequests peers = new PeerRequests(NAME, CHANNEL_MAX_IN_FLIGHT);
    AgentChannels channels = new AgentChannels(peers, settings.agentKeys());
    AgentRoutes routes = new AgentRoutes(channels, agents);
    TaskDispatcher tasks = new TaskDispatcher(store, routes, settings.dispatch(), settings.origin().name());
    AgentRegistry registry =
        new AgentRegistry(
            settings.origin(), new InventoryClient(inventory), onLost -> watchFactory.create(onLost, routes), tasks, store::now, settings.agentKeys(), channels);
    // an agent whose channel closed is checked at once rather than when its ping interval has passed
    peers.onDisconnect(peer -> channels.closed(peer).forEach(registry.watch()::connectionClosed));
    // a task whose dispatch failed while its agent was reconnecting goes as soon as the agent is back
    channels.onBound(tasks::agentReachable);
    Runnable keysChanged = () -> settings.security().allowList().ifPresent(AllowList::refresh);
    KeyAdmin admin =
        new KeyAdmin(
            keys.keys(),
            keys.tokens(),
            (entry, reason) -> registry.revoked(entry.mercuryId(), entry.publicKey(), reason),
            keysChanged,
            new AutoEnrolment(keys.keys(), mac -> devicesWithMac(inventory, mac), keys.autoTokensPerMinute(), System::nanoTime));
    RouterServer server =
        new RouterServer(
            context,
            settings.server().withCurve(settings.security().server(NAME)),
            new ChannelBinder(
                channels,
                new RegistrationKeyCheck(
                    new Dispatcher(
                        NAME,
                        KeyEndpoints.admin(
                            BackendEndpoints.registry(settings.origin(), registry, tasks, new TaskReports(store, tasks::targetOf)), admin),
                        audit))),
            peers);
    // Before the first heartbeat can arrive: after a restart every connected agent heartbeats at once,
    // and one the backend does not know yet is told to register again (a registration storm).
    try {
      registry.reacquire();
    } catch (TransportException | RemoteException | UnexpectedReplyException e) {
      log.warn("could not reacquire agents from the inventory ({}); they are taken back as they register", e.getMessage());
    }
    server.start();
    AnyKey anyKey = new AnyKey();
    RouterServer enrolment =
        new RouterServer(
            context,
            keys.enrolmentServer().withCurve(settings.security().server(ENROLMENT, anyKey)),
            new Dispatcher(NAME, KeyEndpoints.enrolment(new Enrolment(keys.keys(), keys.tokens(), audit, keysChanged, anyKey::addressOf)), audit));
    try {
      enrolment.start();
    } catch (RuntimeException e) {
      server.close();
      peers.close();
      inventory.close();
      inventoryContext.close();
      throw e;
    }
    tasks.recover();
    tasks.start();
    return new BackendService(inventoryContext, inventory, tasks, registry.watch(), server, peers, channels, enrolment);
  }

  public String endpoint() {
    return server.endpoint();
  }

  /** The requests sent over agents' own connections (the agent channel) so far. */
  public PeerRequests.Stats channelStats() {
    return channels.stats();
  }

  /** Whether device {@code mercuryId}'s agent is reached over its own connection now. */
  public boolean channelBound(String mercuryId) {
    return channels.isBound(mercuryId);
  }

  /** Where agents enrol. */
  public String enrolmentEndpoint() {
    return enrolment.endpoint();
  }

  @Override
  public void close() {
    enrolment.close();
    server.close();
    peers.close();
    watch.close();
    tasks.close();
    inventory.close();
    inventoryContext.close();
  }

  /** The devices the inventory lists with a network card of this MAC. */
  private static List<String> devicesWithMac(ServiceClient inventory, String mac) {
    List<String> ids = new ArrayList<>();
    try {
      InventoryScan.scan(
          new InventoryClient(inventory), Map.of("interfaces.address", mac), Map.of("mercury_id", 1), d -> ids.add((String) d.get("mercury_id")));
    } catch (TransportException | RemoteException | UnexpectedReplyException e) {
      throw new EndpointException("create_enrolment_token: cannot ask the inventory whether MAC " + mac + " has a device: " + e.getMessage());
    }
    return ids;
  }
}
