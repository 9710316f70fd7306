package io.mercury.common.security;

import io.mercury.common.config.ConfigException;
import io.mercury.common.config.Configuration;
import io.mercury.common.config.Option;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * The transport security of one program: whether CURVE is on, where its keys are and which key is its
 * own. Every daemon and mcli declares {@link #options(String)} in its ConfigSpec.
 *
 * <p>Files under {@code keysDir}: {@code <name>.key} (own key pair, 0600), {@code <service>.pub} (the
 * public keys of Mercury's daemons: {@code inventory}, {@code rpc}, {@code backend}, {@code log}, ...),
 * and {@code operators/<name>.pub} (operator keys, with {@code role} in their metadata). A server's
 * public key may be given directly instead with {@code security.server_keys} ({@code service=Z85}).
 *
 * @param curve whether CURVE is on; off is plaintext compatibility mode with the original
 * @param keysDir the key directory
 * @param keyName this program's key name ({@code <keysDir>/<keyName>.key})
 * @param serverKeys server public keys by service name, overriding {@code <keysDir>/<service>.pub}
 * @param database the MongoDB database of the key allow-list (and the audit trail)
 * @param keysReread how often a daemon re-reads every key record even though the store's change count did
 *     not move (a record written past the daemons, forged or altered, is found within this time)
 */
public record SecuritySettings(
    boolean curve, Path keysDir, String keyName, Map<String, String> serverKeys, String database, Duration keysReread) {
  public static final String CURVE = "security.curve";
  public static final String KEYS_DIR = "security.keys_dir";
  public static final String KEY_NAME = "security.key_name";
  public static final String SERVER_KEYS = "security.server_keys";
  public static final String DATABASE = "security.database";
  public static final String KEYS_REREAD = "security.keys_reread_interval";
  public static final String DEFAULT_KEYS_DIR = "/etc/mercury/keys";
  public static final String DEFAULT_DATABASE = "mercury_security";
  /** The sub-directory of operator public keys. */
  public static final String OPERATORS = "operators";

  public SecuritySettings {
    Objects.requireNonNull(keysDir, "keysDir is null");
    Objects.requireNonNull(keyName, "keyName is null");
    Objects.requireNonNull(database, "database is null");
    if (keysReread == null || keysReread.isNegative() || keysReread.isZero()) {
      throw new ConfigException(KEYS_REREAD + " must be more than 0 seconds, got " + (keysReread == null ? "none" : keysReread.toMillis() / 1000.0));
    }
    serverKeys = Map.copyOf(serverKeys);
    serverKeys.forEach(
        (service, key) -> {
          if (!CurveKeyPair.isZ85Key(key)) {
            throw new ConfigException(
                SERVER_KEYS + ": the key given for " + service + " is not a 40-character Z85 key");
          }
        });
  }

  /** How often a daemon reads all key records even when the store's change count did not move. */
  public static final Duration DEFAULT_KEYS_REREAD = Duration.ofSeconds(20);

  /** CURVE on with keys in {@code keysDir}. */
  public static SecuritySettings on(Path keysDir, String keyName) {
    return new SecuritySettings(true, keysDir, keyName, Map.of(), DEFAULT_DATABASE, DEFAULT_KEYS_REREAD);
  }

  /** Plaintext compatibility mode (tests of other things, the original's agents). */
  public static SecuritySettings off() {
    return new SecuritySettings(false, Path.of(DEFAULT_KEYS_DIR), "none", Map.of(), DEFAULT_DATABASE, DEFAULT_KEYS_REREAD);
  }

  /**
   * The options, {@code security.key_name} defaulting to {@code defaultKeyName}. {@code
   * security.database} is declared with the audit trail's options; {@link #from} reads it when the
   * program declares it and uses {@value #DEFAULT_DATABASE} otherwise.
   */
  public static List<Option<?>> options(String defaultKeyName) {
    return List.of(
        Option.string(CURVE)
            .defaultValue("on")
            .doc(
                "`on`: every ZeroMQ socket uses CURVE encryption and key authentication. `off`: plaintext,"
                    + " unauthenticated compatibility mode for the original agents (logged as a WARN)."),
        Option.string(KEYS_DIR)
            .defaultValue(DEFAULT_KEYS_DIR)
            .doc(
                "Key directory: own `<key_name>.key` (0600), servers' `<service>.pub`, operator keys in"
                    + " `operators/*.pub`."),
        Option.string(KEY_NAME)
            .defaultValue(defaultKeyName)
            .doc("Name of this program's key pair: `<keys_dir>/<key_name>.key`."),
        Option.list(SERVER_KEYS)
            .defaultValue(List.of())
            .doc("Server public keys given directly, `service=Z85`, overriding `<keys_dir>/<service>.pub`."));
  }

  /**
   * Option {@code security.keys_reread_interval} (20 s) of a daemon that reads its allow-list from the key
   * store; {@link #from} uses the default when the program does not declare it.
   */
  public static Option<Double> keysRereadOption() {
    return Option.decimal(KEYS_REREAD)
        .defaultValue((double) DEFAULT_KEYS_REREAD.toSeconds())
        .doc(
            "Seconds between full reads of the key records even when the store's change count did not move, so"
                + " a record written past the daemons (forged or altered) is found and ignored within this time.");
  }

  /**
   * Reads the options declared by {@link #options(String)}.
   *
   * @throws ConfigException on a value that is not on/off or a malformed server key
   */
  public static SecuritySettings from(Configuration cfg) {
    String mode = cfg.string(CURVE).trim().toLowerCase(Locale.ROOT);
    boolean curve =
        switch (mode) {
          case "on", "true", "yes", "1" -> true;
          case "off", "false", "no", "0" -> false;
          default -> throw new ConfigException(CURVE + " must be on or off, got '" + cfg.string(CURVE) + "'");
        };
    Map<String, String> serverKeys = new LinkedHashMap<>();
    for (String entry : cfg.list(SERVER_KEYS)) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(SERVER_KEYS + " entries must be service=Z85KEY, got '" + entry + "'");
      }
      serverKeys.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
    }
    String database = cfg.declares(DATABASE) ? cfg.string(DATABASE) : DEFAULT_DATABASE;
    Duration keysReread = cfg.declares(KEYS_REREAD) ? cfg.seconds(KEYS_REREAD) : DEFAULT_KEYS_REREAD;
    return new SecuritySettings(curve, Path.of(cfg.string(KEYS_DIR)), cfg.string(KEY_NAME), serverKeys, database, keysReread);
  }

  /** The same settings with another own key name. */
  public SecuritySettings withKeyName(String name) {
    return new SecuritySettings(curve, keysDir, name, serverKeys, database, keysReread);
  }

  /** The same settings with a server key given directly. */
  public SecuritySettings withServerKey(String service, String publicKey) {
    Map<String, String> more = new LinkedHashMap<>(serverKeys);
    more.put(service, publicKey);
    return new SecuritySettings(curve, keysDir, keyName, more, database, keysReread);
  }

  /** Logs the mode at start: INFO with the key fingerprint when on, a loud WARN when off. */
  public void announce(Logger log, String program) {
    if (curve) {
      log.info(
          "{}: CURVE on, key {} ({}) from {}",
          program,
          keyName,
          CurveKeyPair.fingerprint(keyPair().publicKey()),
          keysDir);
    } else {
      log.warn(
          "{}: SECURITY OFF: security.curve=off, ZeroMQ traffic is plaintext and every caller is"
              + " unauthenticated and allowed everything (compatibility mode for the original agents)",
          program);
    }
  }

  /**
   * This program's own key pair, {@code <keysDir>/<keyName>.key}.
   *
   * @throws ConfigException when the file is missing, corrupt or too open
   */
  public CurveKeyPair keyPair() {
    return KeyFiles.load(keysDir, keyName);
  }

  /**
   * The public key of {@code service}: from {@code security.server_keys}, else {@code
   * <keysDir>/<service>.pub}.
   *
   * @throws ConfigException when neither has it
   */
  public String serverKey(String service) {
    String given = serverKeys.get(service);
    if (given != null) {
      return given;
    }
    Path file = KeyFiles.publicFile(keysDir, service);
    if (!Files.exists(file)) {
      throw new ConfigException(
          "no CURVE public key for the "
              + service
              + " service: "
              + file
              + " does not exist; copy that server's "
              + service
              + ".pub there or set "
              + SERVER_KEYS
              + "="
              + service
              + "=<Z85 key>");
    }
    return KeyFiles.loadPublic(file).publicKey();
  }

  /** The CURVE client settings towards {@code service}, or empty when CURVE is off. */
  public Optional<CurveClient> client(String service) {
    return curve ? Optional.of(new CurveClient(keyPair(), serverKey(service))) : Optional.empty();
  }

  /**
   * The public key files of Mercury's daemons, {@code <keysDir>/*.pub}, each named after its file. They
   * are accepted as role service by the daemons, like an {@code authorized_keys} file.
   */
  public List<KeyFiles.PublicKeyFile> serviceKeys() {
    return publicKeys(keysDir);
  }

  /** The operator public key files, {@code <keysDir>/operators/*.pub}. */
  public List<KeyFiles.PublicKeyFile> operatorKeys() {
    return publicKeys(keysDir.resolve(OPERATORS));
  }

  private static List<KeyFiles.PublicKeyFile> publicKeys(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<KeyFiles.PublicKeyFile> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".pub")).sorted().toList()) {
        out.add(KeyFiles.loadPublic(f));
      }
    } catch (IOException e) {
      throw new ConfigException("cannot list the key directory " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** The key name of a {@code .pub} file: its file name without the extension. */
  public static String nameOf(KeyFiles.PublicKeyFile file) {
    String fileName = file.path().getFileName().toString();
    return fileName.substring(0, fileName.length() - ".pub".length());
  }
}
