package io.mercury.bench.fleet;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.security.KeyDirectory;
import io.mercury.common.security.KeyEntry;
import io.mercury.common.security.KeyFiles;
import io.mercury.common.security.KeyKind;
import io.mercury.common.security.KeyStatus;
import io.mercury.common.security.Role;
import io.mercury.common.security.SecuritySettings;
import io.mercury.common.store.keys.KeyStore;
import io.mercury.common.transport.ClientSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Every CURVE detail of {@code bench fleet --mercury-agents --curve}, in one place: a fresh keys
 * directory made by {@link KeyDirectory} (a key pair per daemon of the {@link BenchStack} and an admin
 * operator key the benchmark's own clients use), the daemons' environment, and the agents' keys, each
 * recorded in the {@link KeyStore} as an accepted agent key bound to its device ({@link
 * #acceptAgentKeys}), as an accepted enrolment leaves it.
 */
final class FleetCurve {
  static final String OPERATOR = "operator";
  private static final List<String> DAEMONS = List.of("inventory", "rpc", "backend");

  private final Path keysDir;

  private FleetCurve(Path keysDir) {
    this.keysDir = keysDir;
  }

  /** Creates the daemon and operator keys in {@code keysDir}. */
  static FleetCurve create(Path keysDir) {
    KeyDirectory.ensure(keysDir, DAEMONS, OPERATOR, Role.ADMIN);
    return new FleetCurve(keysDir);
  }

  /** The environment of the daemons: CURVE on, keys from {@link #create}'s directory. */
  Map<String, String> daemonEnvironment() {
    return Map.of("SECURITY_CURVE", "on", "SECURITY_KEYS_DIR", keysDir.toString());
  }

  /** {@code base} as a CURVE client of daemon {@code service} with the admin operator key. */
  ClientSettings operatorClient(ClientSettings base, String service) {
    return base.withCurve(new CurveClient(KeyFiles.load(keysDir, OPERATOR), serverKey(service)));
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

  private String serverKey(String service) {
    return KeyFiles.loadPublic(KeyFiles.publicFile(keysDir, service)).publicKey();
  }
}
