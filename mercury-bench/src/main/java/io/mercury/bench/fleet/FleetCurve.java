package io.mercury.bench.fleet;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mercury.common.security.Caller;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.security.CurveServer;
import io.mercury.common.security.KeyDirectory;
import io.mercury.common.security.KeyEntry;
import io.mercury.common.security.KeyFiles;
import io.mercury.common.security.KeyKind;
import io.mercury.common.security.KeyStatus;
import io.mercury.common.security.KeyStore;
import io.mercury.common.security.Role;
import io.mercury.common.security.SecuritySettings;
import io.mercury.common.security.StaticAllowList;
import io.mercury.common.security.ZapAuthenticator;
import io.mercury.common.transport.ClientSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Every CURVE detail of {@code bench fleet --curve}, in one place. {@code bench fleet --mercury-agents
 * --curve} uses the daemon and operator keys and {@link #acceptAgentKeys} (a key per agent, bound to its
 * device); the shared fleet key below is what the original-protocol simulator used before agent keys
 * were bound to devices (its CURVE sockets are kept, but no mode of the benchmark uses them now): a fresh keys directory made by {@link
 * KeyDirectory} (a key pair per daemon of the {@link BenchStack} and an admin operator key the
 * benchmark's own clients use), the daemons' environment, and one <em>fleet key pair</em> that every
 * simulated agent shares (a real fleet has a key per agent; sharing one keeps the store and the ZAP
 * handler's list at one entry, which does not change the per-connection handshake cost being measured).
 *
 * <p>The fleet key is recorded in the {@link KeyStore} as an accepted agent key before the registration
 * storm, as an enrolled agent's would be (not as a {@code .pub} file in the keys directory, which the
 * daemons would accept as role service). On the simulator's context, {@link #agentSockets} makes the
 * agents' rpc and pong sockets CURVE servers with the fleet key whose ZAP handler accepts only the
 * backend's key, and the sockets towards the backend CURVE clients with the fleet key.
 */
final class FleetCurve {
  static final String OPERATOR = "operator";
  static final String FLEET_NAME = "bench-fleet";
  private static final List<String> DAEMONS = List.of("inventory", "rpc", "backend");

  private final Path keysDir;
  private final CurveKeyPair fleetKey;

  private FleetCurve(Path keysDir, CurveKeyPair fleetKey) {
    this.keysDir = keysDir;
    this.fleetKey = fleetKey;
  }

  /** Creates the daemon and operator keys in {@code keysDir} and a fresh fleet key pair (kept in memory). */
  static FleetCurve create(Path keysDir) {
    KeyDirectory.ensure(keysDir, DAEMONS, OPERATOR, Role.ADMIN);
    return new FleetCurve(keysDir, CurveKeyPair.generate());
  }

  /** The environment of the daemons: CURVE on, keys from {@link #create}'s directory. */
  Map<String, String> daemonEnvironment() {
    return Map.of("SECURITY_CURVE", "on", "SECURITY_KEYS_DIR", keysDir.toString());
  }

  String fleetPublicKey() {
    return fleetKey.publicKey();
  }

  /** {@code base} as a CURVE client of daemon {@code service} with the admin operator key. */
  ClientSettings operatorClient(ClientSettings base, String service) {
    return base.withCurve(new CurveClient(KeyFiles.load(keysDir, OPERATOR), serverKey(service)));
  }

  /** {@code base} as a CURVE client of the backend with the fleet key, as a simulated agent connects. */
  ClientSettings fleetClient(ClientSettings base) {
    return base.withCurve(new CurveClient(fleetKey, serverKey("backend")));
  }

  /** Records the fleet key as an accepted agent key in the security database of {@code storeUri}. */
  void acceptFleetKey(String storeUri) {
    Instant now = Instant.now();
    try (MongoClient mongo = MongoClients.create(storeUri)) {
      KeyEntry stored =
          KeyStore.sealedBy(mongo.getDatabase(SecuritySettings.DEFAULT_DATABASE), keysDir)
              .ensureAccepted(
                  new KeyEntry(
                      fleetKey.publicKey(), FLEET_NAME, KeyKind.AGENT, Role.AGENT, KeyStatus.ACCEPTED,
                      null, null, null, now, now, "bench"));
      if (stored.status() != KeyStatus.ACCEPTED) {
        throw new IllegalStateException("the fleet key is " + stored.status().wireName() + " in the key store");
      }
    }
  }

  /** The backend's public key, which agents check as the server key. */
  String backendPublicKey() {
    return serverKey("backend");
  }

  /** {@code base} as a CURVE client of the backend with {@code key}. */
  ClientSettings agentClient(ClientSettings base, CurveKeyPair key) {
    return base.withCurve(new CurveClient(key, serverKey("backend")));
  }

  /**
   * Records each of {@code keys} as an accepted agent key bound to the device of the same index in
   * {@code mercuryIds} (the key's name), as an accepted enrolment leaves it.
   */
  void acceptAgentKeys(String storeUri, List<CurveKeyPair> keys, List<String> mercuryIds) {
    Instant now = Instant.now();
    try (MongoClient mongo = MongoClients.create(storeUri)) {
      KeyStore store = KeyStore.sealedBy(mongo.getDatabase(SecuritySettings.DEFAULT_DATABASE), keysDir);
      for (int i = 0; i < keys.size(); i++) {
        KeyEntry stored =
            store.ensureAccepted(
                new KeyEntry(
                    keys.get(i).publicKey(), mercuryIds.get(i), KeyKind.AGENT, Role.AGENT, KeyStatus.ACCEPTED,
                    null, null, null, now, now, "bench"));
        if (stored.status() != KeyStatus.ACCEPTED) {
          throw new IllegalStateException("agent key " + i + " is " + stored.status().wireName() + " in the key store");
        }
      }
    }
  }

  /** The CURVE settings of the simulator's sockets, with a ZAP handler on {@code context}. */
  AgentSockets agentSockets(ZContext context) {
    ZapAuthenticator zap = new ZapAuthenticator(context);
    String backend = serverKey("backend");
    StaticAllowList onlyBackend = StaticAllowList.of(new Caller("backend", backend, Role.SERVICE));
    return new AgentSockets(
        zap,
        zap.server("agent-rpc", fleetKey, onlyBackend),
        zap.server("agent-pong", fleetKey, onlyBackend),
        new CurveClient(fleetKey, backend));
  }

  private String serverKey(String service) {
    return KeyFiles.loadPublic(KeyFiles.publicFile(keysDir, service)).publicKey();
  }

  /**
   * How the simulator secures its sockets; {@link #PLAINTEXT} leaves them as they are. Each method is
   * called before the socket binds or connects.
   */
  static final class AgentSockets implements AutoCloseable {
    static final AgentSockets PLAINTEXT = new AgentSockets(null, null, null, null);

    private final ZapAuthenticator zap;
    private final CurveServer rpc;
    private final CurveServer pong;
    private final CurveClient toBackend;

    private AgentSockets(ZapAuthenticator zap, CurveServer rpc, CurveServer pong, CurveClient toBackend) {
      this.zap = zap;
      this.rpc = rpc;
      this.pong = pong;
      this.toBackend = toBackend;
    }

    /** The key the agents register as {@code agent_info.curve_public_key}; empty in plaintext. */
    Optional<String> publicKey() {
      return Optional.ofNullable(toBackend).map(c -> c.key().publicKey());
    }

    void rpcServer(ZMQ.Socket socket) {
      if (rpc != null) {
        rpc.apply(socket);
      }
    }

    void pongServer(ZMQ.Socket socket) {
      if (pong != null) {
        pong.apply(socket);
      }
    }

    void backendClient(ZMQ.Socket socket) {
      if (toBackend != null) {
        toBackend.apply(socket);
      }
    }

    @Override
    public void close() {
      if (zap != null) {
        zap.close();
      }
    }
  }
}
