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
 * The local stack's CURVE keys, in {@code $MERCURY_HOME/keys}: one key pair per daemon (the local agent
 * included, so the backend accepts it without enrolment) and the admin operator key {@code operator}
 * that mcli finds there. Created on the first {@code up}, never overwritten. CURVE is on unless the
 * environment says {@code SECURITY_CURVE=off}.
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

  /** Creates the keys that do not exist yet; returns their names. */
  List<String> ensure() {
    if (!curve) {
      return List.of();
    }
    List<String> services = new ArrayList<>(KeyDirectory.SERVICES);
    services.add(AGENT);
    return KeyDirectory.ensure(dir, services, OPERATOR, Role.ADMIN);
  }

  /** The environment every daemon and mcli of the stack gets. */
  Map<String, String> environment() {
    return Map.of("SECURITY_CURVE", curve ? "on" : "off", "SECURITY_KEYS_DIR", dir.toString());
  }

  /**
   * How the stack itself talks to daemon {@code name} (probes, loading the sample fleet): as the operator,
   * except to the agent, which accepts only the backend. Null when CURVE is off or the daemon has no key.
   */
  CurveClient client(String name) {
    if (!curve || !java.nio.file.Files.exists(KeyFiles.publicFile(dir, name))) {
      return null;
    }
    try {
      String me = name.equals(AGENT) ? "backend" : OPERATOR;
      return new CurveClient(KeyFiles.load(dir, me), KeyFiles.loadPublic(KeyFiles.publicFile(dir, name)).publicKey());
    } catch (ConfigException e) {
      return null;
    }
  }
}
