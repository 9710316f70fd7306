package io.mercury.common.security;

import com.mongodb.client.MongoDatabase;
import io.mercury.common.config.ConfigException;
import io.mercury.common.store.keys.KeyStore;
import io.mercury.common.store.keys.StoreAllowList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The transport security of one daemon and its {@link ZContext}, set up once at start: its own key, the
 * ZAP handler, the allow-list, and the CURVE settings for each server socket and each client.
 *
 * <p>With CURVE on, start-up loads the daemon's key (failing with one clear line when it is missing),
 * starts the context's {@link ZapAuthenticator} and builds the allow-list. A daemon with a database
 * records its own key, the daemon keys {@code <keys_dir>/*.pub} (role service) and the operator keys
 * {@code <keys_dir>/operators/*.pub} (role from their {@code role} metadata) as accepted in the {@link
 * KeyStore} unless the store says they were rejected or revoked, and serves the store's accepted keys,
 * re-read every 2 s ({@link StoreAllowList}). A daemon without a database serves just those key files.
 *
 * <p>With CURVE off, nothing is loaded, {@link #server} and {@link #client} are empty (plaintext) and a
 * WARN says so.
 */
public final class TransportSecurity implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TransportSecurity.class);

  private final SecuritySettings settings;
  private final CurveKeyPair key;
  private final ZapAuthenticator zap;
  private final AllowList allowList;
  private final KeyStore store;

  private TransportSecurity(
      SecuritySettings settings, CurveKeyPair key, ZapAuthenticator zap, AllowList allowList, KeyStore store) {
    this.settings = settings;
    this.key = key;
    this.zap = zap;
    this.allowList = allowList;
    this.store = store;
  }

  /**
   * Sets up the security of {@code service}.
   *
   * @param securityDb the {@link SecuritySettings#database()} database, or {@code null} for a daemon
   *     without one
   * @throws ConfigException when CURVE is on and a key file is missing, corrupt or too open
   */
  public static TransportSecurity start(
      String service, SecuritySettings settings, ZContext context, MongoDatabase securityDb) {
    settings.announce(log, service);
    if (!settings.curve()) {
      return new TransportSecurity(settings, null, null, null, null);
    }
    CurveKeyPair key = settings.keyPair();
    List<KeyEntry> configured = configuredKeys(service, settings, key);
    AllowList allowList;
    KeyStore store = null;
    if (securityDb != null) {
      if (!KeySeal.in(settings.keysDir()).enabled()) {
        log.warn(
            "{}: key records are not sealed ({} has no {}): anyone who can write the store can accept keys;"
                + " protect MongoDB with authentication (docs/security.md)",
            service, settings.keysDir(), KeySeal.FILE_NAME);
      }
      store = KeyStore.sealedBy(securityDb, settings.keysDir());
      for (KeyEntry entry : configured) {
        KeyEntry stored = store.ensureAccepted(entry);
        if (stored.status() != KeyStatus.ACCEPTED) {
          log.warn(
              "{}: key {} ({}) from {} is {} in the key store; not accepting it",
              service,
              stored.shortFingerprint(),
              stored.name(),
              settings.keysDir(),
              stored.status().wireName());
        }
      }
      allowList = new StoreAllowList(store, StoreAllowList.DEFAULT_PERIOD, settings.keysReread());
    } else {
      allowList = new StaticAllowList(configured.stream().map(KeyEntry::caller).toList());
    }
    ZapAuthenticator zap = new ZapAuthenticator(context);
    return new TransportSecurity(settings, key, zap, allowList, store);
  }

  /** Plaintext compatibility mode, announced by nobody: for tests about something else. */
  public static TransportSecurity off() {
    return new TransportSecurity(SecuritySettings.off(), null, null, null, null);
  }

  private static List<KeyEntry> configuredKeys(String service, SecuritySettings settings, CurveKeyPair own) {
    Instant now = Instant.now();
    List<KeyEntry> out = new ArrayList<>();
    out.add(entry(own.publicKey(), settings.keyName(), KeyKind.SERVICE, Role.SERVICE, now));
    for (KeyFiles.PublicKeyFile f : settings.serviceKeys()) {
      if (!f.publicKey().equals(own.publicKey())) {
        out.add(entry(f.publicKey(), SecuritySettings.nameOf(f), KeyKind.SERVICE, Role.SERVICE, now));
      }
    }
    for (KeyFiles.PublicKeyFile f : settings.operatorKeys()) {
      String role = f.metadata().get("role");
      if (role == null) {
        log.error("{}: operator key {} has no role in its metadata; ignoring it", service, f.path());
        continue;
      }
      Role parsed;
      try {
        parsed = Role.parse(role);
      } catch (IllegalArgumentException e) {
        log.error("{}: operator key {}: {}; ignoring it", service, f.path(), e.getMessage());
        continue;
      }
      if (parsed != Role.ADMIN && parsed != Role.OPERATOR && parsed != Role.READ_ONLY) {
        log.error("{}: operator key {} has role {}; an operator is admin, operator or read-only", service, f.path(), role);
        continue;
      }
      String name = f.metadata().getOrDefault("name", SecuritySettings.nameOf(f));
      out.add(entry(f.publicKey(), name, KeyKind.OPERATOR, parsed, now));
    }
    return out;
  }

  private static KeyEntry entry(String key, String name, KeyKind kind, Role role, Instant now) {
    return new KeyEntry(key, name, kind, role, KeyStatus.ACCEPTED, null, null, null, now, now, "config");
  }

  public boolean curve() {
    return settings.curve();
  }

  public SecuritySettings settings() {
    return settings;
  }

  /** This daemon's key pair; empty when CURVE is off. */
  public Optional<CurveKeyPair> key() {
    return Optional.ofNullable(key);
  }

  /** The key store, when this daemon has a database and CURVE is on. */
  public Optional<KeyStore> keyStore() {
    return Optional.ofNullable(store);
  }

  /** The daemon's allow-list; empty when CURVE is off. */
  public Optional<AllowList> allowList() {
    return Optional.ofNullable(allowList);
  }

  /** CURVE settings for the server socket {@code name} using the daemon's allow-list; empty when off. */
  public Optional<CurveServer> server(String name) {
    return curve() ? Optional.of(zap.server(name, key, allowList)) : Optional.empty();
  }

  /** CURVE settings for the server socket {@code name} with its own allow-list; empty when off. */
  public Optional<CurveServer> server(String name, AllowList list) {
    return curve() ? Optional.of(zap.server(name, key, list)) : Optional.empty();
  }

  /** CURVE settings towards {@code service}'s server; empty when off. */
  public Optional<CurveClient> client(String service) {
    return curve() ? Optional.of(new CurveClient(key, settings.serverKey(service))) : Optional.empty();
  }

  /** CURVE settings towards a server whose public key is known directly; empty when off. */
  public Optional<CurveClient> clientTo(String serverPublicKey) {
    return curve() ? Optional.of(new CurveClient(key, serverPublicKey)) : Optional.empty();
  }

  @Override
  public void close() {
    if (allowList instanceof StoreAllowList s) {
      s.close();
    }
    if (zap != null) {
      zap.close();
    }
  }
}
