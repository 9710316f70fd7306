package io.mercury.agent;

import io.mercury.common.config.ConfigException;
import io.mercury.common.config.Configuration;
import io.mercury.common.config.Option;
import io.mercury.common.config.Source;
import io.mercury.common.security.Caller;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.security.KeyFiles;
import io.mercury.common.security.Role;
import io.mercury.common.security.SecuritySettings;
import io.mercury.common.security.StaticAllowList;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The agent's CURVE identity and whom it trusts: its own key pair and the backend's public key(s).
 *
 * <p>The key pair is {@code <agent.state_dir>/agent.key}, generated (0600) on first start, unless
 * {@code security.key_name} is set, in which case {@code <security.keys_dir>/<key_name>.key} is used. The
 * backend's key comes from {@code agent.backend_key} (Z85, several separated by commas; env and kernel
 * command line {@code MERCURY_BACKEND_KEY}), else from {@code <security.keys_dir>/backend.pub}. The
 * agent's servers (RPC ROUTER, pong REP) accept only those backend keys; the first is the server key the
 * agent connects to the backend with.
 *
 * @param key the agent's key pair, or null when CURVE is off
 * @param backendKeys the backend public keys trusted (empty when CURVE is off)
 * @param settings the security options, for the log forwarder's server key
 */
public record AgentSecurity(CurveKeyPair key, List<String> backendKeys, SecuritySettings settings) {
  public static final String BACKEND_KEY = "agent.backend_key";
  public static final String KEY_FILE_NAME = "agent";

  public AgentSecurity {
    backendKeys = List.copyOf(backendKeys);
    Objects.requireNonNull(settings, "settings is null");
    if (key != null && backendKeys.isEmpty()) {
      throw new IllegalArgumentException("a CURVE agent needs at least one backend key");
    }
  }

  /** Plaintext, unauthenticated: the original's behaviour. */
  public static AgentSecurity off() {
    return new AgentSecurity(null, List.of(), SecuritySettings.off());
  }

  /** CURVE on with the given key pair, trusting {@code backendKeys}. */
  public static AgentSecurity on(CurveKeyPair key, List<String> backendKeys) {
    return new AgentSecurity(key, backendKeys, SecuritySettings.on(Path.of(SecuritySettings.DEFAULT_KEYS_DIR), KEY_FILE_NAME));
  }

  /** The options the agent declares besides {@link SecuritySettings#options}. */
  public static List<Option<?>> options() {
    return List.of(
        Option.list(BACKEND_KEY)
            .env("MERCURY_BACKEND_KEY")
            .cmdline("MERCURY_BACKEND_KEY")
            .defaultValue(List.of())
            .doc(
                "The backend's CURVE public key (Z85, or 64 hex digits as the boot service writes it; several"
                    + " separated by commas), the only keys the"
                    + " agent's sockets accept. Default: `<security.keys_dir>/backend.pub`."));
  }

  /**
   * Reads the options, generating the agent's key pair in {@code stateDir} on first start.
   *
   * @throws ConfigException when a key is missing or malformed
   */
  public static AgentSecurity from(Configuration cfg, Path stateDir) {
    SecuritySettings settings = SecuritySettings.from(cfg);
    if (!settings.curve()) {
      return new AgentSecurity(null, List.of(), settings);
    }
    CurveKeyPair key =
        cfg.source(SecuritySettings.KEY_NAME) == Source.DEFAULT
            ? KeyFiles.loadOrCreate(stateDir, KEY_FILE_NAME, Map.of("name", KEY_FILE_NAME))
            : settings.keyPair();
    List<String> backendKeys = new java.util.ArrayList<>();
    for (String k : cfg.list(BACKEND_KEY)) {
      String z85 = CurveKeyPair.z85Of(k);
      if (z85 == null) {
        throw new ConfigException(
            BACKEND_KEY + ": '" + k + "' is not a CURVE public key (40 Z85 characters or 64 hex digits)");
      }
      backendKeys.add(z85);
    }
    if (backendKeys.isEmpty()) {
      backendKeys = List.of(settings.serverKey("backend"));
    }
    return new AgentSecurity(key, backendKeys, settings);
  }

  public boolean curve() {
    return key != null;
  }

  /** CURVE towards the backend, or null when off. */
  public CurveClient backendClient() {
    return curve() ? new CurveClient(key, backendKeys.getFirst()) : null;
  }

  /** CURVE towards the log service, or null when off. */
  public CurveClient logClient() {
    return curve() ? new CurveClient(key, settings.serverKey("log")) : null;
  }

  /** The only callers the agent's servers accept: the backend keys. */
  public StaticAllowList allowList() {
    return new StaticAllowList(backendKeys.stream().map(k -> new Caller("backend", k, Role.SERVICE)).toList());
  }
}
