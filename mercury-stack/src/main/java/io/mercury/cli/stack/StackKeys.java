package io.mercury.cli.stack;

import io.mercury.common.config.ConfigException;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.KeyDirectory;
import io.mercury.common.security.KeyFiles;
import io.mercury.common.security.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The local stack's CURVE keys, in {@code $MERCURY_HOME/keys}: one key pair per daemon and the admin
 * operator key {@code operator} that mcli finds there. Created on the first {@code up}, never
 * overwritten. The local agent is an ordinary agent: its key is its own ({@code <state_dir>/agent.key}),
 * and it enrols with a one-use token the stack mints, which binds the key to its device. CURVE is on
 * unless the environment says {@code SECURITY_CURVE=off}.
 */
final class StackKeys {
  static final String OPERATOR = "operator";
  static final String AGENT = "agent";

  private final Path dir;
  private final boolean curve;

  StackKeys(StackLayout layout, Map<String, String> env) {
    this.dir = layout.home().resolve("keys");
    String mode = env.getOrDefault("SECURITY_CURVE", "on").trim().toLowerCase(Locale.ROOT);
    this.curve = !(mode.equals("off") || mode.equals("false") || mode.equals("no") || mode.equals("0"));
  }

  Path dir() {
    return dir;
  }

  boolean curve() {
    return curve;
  }

  /**
   * Creates the keys that do not exist yet; returns their names. The shared {@code agent} key of
   * earlier versions (accepted as a daemon) is deleted: agents now enrol with keys of their own.
   */
  List<String> ensure() {
    if (!curve) {
      return List.of();
    }
    try {
      java.nio.file.Files.deleteIfExists(KeyFiles.secretFile(dir, AGENT));
      java.nio.file.Files.deleteIfExists(KeyFiles.publicFile(dir, AGENT));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot delete the old shared agent key in " + dir, e);
    }
    return KeyDirectory.ensure(dir, new ArrayList<>(KeyDirectory.SERVICES), OPERATOR, Role.ADMIN);
  }

  /**
   * Creates the key pair of the agent whose state directory is {@code stateDir} (0600) unless it exists,
   * so the stack knows the agent's public key before the agent starts; the agent uses that file.
   */
  void ensureAgentKey(Path stateDir) {
    if (curve) {
      KeyFiles.loadOrCreate(stateDir, AGENT, Map.of("name", AGENT));
    }
  }

  /**
   * How the stack talks to the agent whose state directory is {@code stateDir}: as the backend. Null when
   * CURVE is off or the agent has no key yet (it never started).
   */
  CurveClient agentClient(Path stateDir) {
    if (!curve || !java.nio.file.Files.exists(KeyFiles.publicFile(stateDir, AGENT))) {
      return null;
    }
    return new CurveClient(KeyFiles.load(dir, "backend"), KeyFiles.loadPublic(KeyFiles.publicFile(stateDir, AGENT)).publicKey());
  }

  /** The environment every daemon and mcli of the stack gets. */
  Map<String, String> environment() {
    return Map.of("SECURITY_CURVE", curve ? "on" : "off", "SECURITY_KEYS_DIR", dir.toString());
  }

  /**
   * How the stack itself talks to daemon {@code name} (probes, loading the sample fleet): as the operator.
   * Null when CURVE is off or the daemon has no key.
   */
  CurveClient client(String name) {
    if (!curve || !java.nio.file.Files.exists(KeyFiles.publicFile(dir, name))) {
      return null;
    }
    try {
      return new CurveClient(KeyFiles.load(dir, OPERATOR), KeyFiles.loadPublic(KeyFiles.publicFile(dir, name)).publicKey());
    } catch (ConfigException e) {
      return null;
    }
  }
}
