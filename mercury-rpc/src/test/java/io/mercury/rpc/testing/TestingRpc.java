package io.mercury.rpc.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mercury.common.security.KeyEntry;
import io.mercury.common.security.KeyKind;
import io.mercury.common.security.KeyStatus;
import io.mercury.common.security.Role;
import io.mercury.common.security.SecuritySettings;
import io.mercury.common.security.TransportSecurity;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.store.keys.EnrolmentTokens;
import io.mercury.common.store.keys.KeyStore;
import io.mercury.common.transport.ServerSettings;
import io.mercury.rpc.backend.AgentWatch;
import io.mercury.rpc.backend.BackendService;
import io.mercury.rpc.backend.DispatchSettings;
import io.mercury.rpc.backend.Origin;
import io.mercury.rpc.frontend.FrontendService;
import io.mercury.rpc.link.AgentKeys;
import io.mercury.rpc.link.AgentLink;
import io.mercury.rpc.liveness.LivenessMonitor;
import io.mercury.rpc.liveness.PingSettings;
import io.mercury.rpc.store.RpcStore;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.awaitility.Awaitility;
import org.zeromq.ZContext;

/**
 * A real RPC frontend and backend for tests, in this process: an in-memory wire MongoDB, ephemeral
 * loopback ports, and fast liveness: agents are pinged every half second and lost after three missed
 * pongs (1 + 2 + 2.3 s), generous enough for a loaded machine.
 *
 * <pre>{@code
 * try (TestingInventory inv = TestingInventory.start(); TestingRpc rpc = TestingRpc.start(inv.endpoint());
 *      TestingAgent agent = TestingAgent.start(rpc.backendEndpoint())) { ... }
 * }</pre>
 */
public final class TestingRpc implements AutoCloseable {
  public static final PingSettings FAST_PINGS =
      new PingSettings(Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofMillis(1000), 3, 0.42, 5000);
  public static final DispatchSettings FAST_DISPATCH =
      new DispatchSettings(Duration.ofSeconds(2), 3, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(1));

  private final String inventory;
  private final String backendName;
  private final MongoServer mongo;
  private final MongoClient client;
  private final ZContext context = new ZContext();
  private final ZContext backendContext = new ZContext();
  private final TransportSecurity frontendSecurity;
  private final TransportSecurity backendSecurity;
  private final AgentKeys agentKeys = new AgentKeys();
  private final RpcStore store;
  private final KeyStore keys;
  private final EnrolmentTokens tokens;
  private final AgentLink link;
  private final FrontendService frontend;
  private final int backendPort;
  private BackendService backend;

  private final PingSettings pings;

  private TestingRpc(String inventory, String backendName, Path keysDir) {
    this(inventory, backendName, keysDir, FAST_PINGS);
  }

  private TestingRpc(String inventory, String backendName, Path keysDir, PingSettings pings) {
    this.pings = pings;
    this.inventory = inventory;
    this.backendName = backendName;
    mongo = new MongoServer(new MemoryBackend());
    client = MongoClients.create(mongo.bindAndGetConnectionString());
    var db = client.getDatabase("mercury");
    store = new RpcStore(db.getCollection("rpc_jobs"), db.getCollection("rpc_tasks"), InstantSource.system());
    var securityDb = client.getDatabase(SecuritySettings.DEFAULT_DATABASE);
    // sealed as the daemons' own stores are, so what it writes counts (see KeySeal)
    keys = keysDir == null ? new KeyStore(securityDb) : KeyStore.sealedBy(securityDb, keysDir);
    tokens = new EnrolmentTokens(securityDb, InstantSource.system());
    frontendSecurity =
        keysDir == null
            ? TransportSecurity.off()
            : TransportSecurity.start(FrontendService.NAME, SecuritySettings.on(keysDir, "rpc"), context, securityDb);
    backendSecurity =
        keysDir == null
            ? TransportSecurity.off()
            : TransportSecurity.start(BackendService.NAME, SecuritySettings.on(keysDir, "backend"), backendContext, securityDb);
    link = new AgentLink(512, backendSecurity.key().orElse(null), agentKeys);
    frontend =
        FrontendService.start(
            context,
            new FrontendService.Settings(
                ServerSettings.of(FrontendService.NAME, "tcp://127.0.0.1:0"),
                inventory,
                Duration.ofDays(7),
                Duration.ofHours(1),
                frontendSecurity),
            store,
            InstantSource.system(),
            AuditTrail.in(client.getDatabase("mercury_security"), FrontendService.NAME, InstantSource.system()));
    backendPort = freePort();
    startBackend();
  }

  /** Starts a frontend and a backend named {@code local} against the inventory at {@code inventory}. */
  public static TestingRpc start(String inventory) {
    return new TestingRpc(inventory, "local", null);
  }

  /**
   * As {@link #start(String)} with CURVE on: the frontend's key is {@code <keysDir>/rpc.key}, the
   * backend's {@code <keysDir>/backend.key}; both accept the keys of {@code keysDir} and of the key store
   * (see {@link #acceptAgent}), and the backend reaches agents with the keys they registered.
   */
  public static TestingRpc startSecure(String inventory, Path keysDir) {
    return new TestingRpc(inventory, "local", keysDir);
  }

  /** As {@link #startSecure(String, Path)} with other liveness settings (e.g. heartbeats off). */
  public static TestingRpc startSecure(String inventory, Path keysDir, PingSettings pings) {
    return new TestingRpc(inventory, "local", keysDir, pings);
  }

  /** Accepts an agent's key in the key store, as an operator would, and refreshes the allow-list. */
  public void acceptAgent(String publicKey, String name) {
    Instant now = Instant.now();
    backendSecurity
        .keyStore()
        .orElseThrow()
        .ensureAccepted(
            new KeyEntry(publicKey, name, KeyKind.AGENT, Role.AGENT, KeyStatus.ACCEPTED, name, null, null, now, now, "test"));
    backendSecurity.allowList().orElseThrow().refresh();
  }

  /** Revokes a key in the key store and refreshes the backend's allow-list. */
  public void revoke(String publicKey) {
    backendSecurity.keyStore().orElseThrow().setStatus(publicKey, KeyStatus.REVOKED, "test");
    backendSecurity.allowList().orElseThrow().refresh();
  }

  public String frontendEndpoint() {
    return frontend.endpoint();
  }

  public String backendEndpoint() {
    return "tcp://127.0.0.1:" + backendPort;
  }

  public RpcStore store() {
    return store;
  }

  /** The backend's key allow-list. */
  public KeyStore keys() {
    return keys;
  }

  /** The backend's enrolment tokens. */
  public EnrolmentTokens tokens() {
    return tokens;
  }

  /** The direct link to agents (the one the backend uses for agents without a channel). */
  public AgentLink link() {
    return link;
  }

  /** The running backend. */
  public BackendService backend() {
    return backend;
  }

  /** Where agents enrol (an ephemeral port, new after each {@link #startBackend}). */
  public String enrolmentEndpoint() {
    return backend.enrolmentEndpoint();
  }

  /** Stops the backend as a crash would leave things: tasks and agents stay as they are in the stores. */
  public void stopBackend() {
    backend.close();
    backend = null;
  }

  /**
   * Starts the backend again on the same address; it takes back its agents and open tasks. The port of a
   * backend just stopped is released by ZeroMQ a moment later, so binding is retried for a while.
   */
  public void startBackend() {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptionsMatching(e -> e instanceof IllegalStateException && String.valueOf(e.getMessage()).startsWith("cannot bind"))
        .until(() -> {
          backend = newBackend();
          return true;
        });
  }

  private BackendService newBackend() {
    String address = backendEndpoint();
    return
        BackendService.start(
            backendContext,
            new BackendService.Settings(
                ServerSettings.of(BackendService.NAME, address),
                new Origin(backendName, "test", "127.0.0.1", backendPort),
                inventory,
                FAST_DISPATCH,
                backendSecurity,
                agentKeys),
            store,
            link,
            (onLost, agents) -> AgentWatch.of(new LivenessMonitor(agents, pings, onLost)),
            new BackendService.Keys(keys, tokens, ServerSettings.of(BackendService.ENROLMENT, "tcp://127.0.0.1:0")),
            AuditTrail.in(client.getDatabase("mercury_security"), BackendService.NAME, InstantSource.system()));
  }

  @Override
  public void close() {
    if (backend != null) {
      backend.close();
    }
    frontend.close();
    link.close();
    frontendSecurity.close();
    backendSecurity.close();
    context.close();
    backendContext.close();
    store.close();
    client.close();
    mongo.shutdownNow();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
