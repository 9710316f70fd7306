package io.mercury.common.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Creates a Mercury key directory as {@code mercury up} (and the test stacks) use it: a key pair per
 * daemon, {@code <dir>/<service>.key} and {@code .pub}, and one operator key, {@code
 * <dir>/<operator>.key} with its public half in {@code <dir>/operators/<operator>.pub} carrying its
 * role, and the key store's seal ({@link KeySeal}). Existing keys are never overwritten, so running it
 * again changes nothing.
 */
public final class KeyDirectory {
  /** The daemons of a Mercury installation, by their key names. */
  public static final List<String> SERVICES = List.of("inventory", "rpc", "backend", "log", "boot", "api");

  private KeyDirectory() {}

  /**
   * Makes sure the daemon keys and the operator key exist in {@code dir}.
   *
   * @return the names of the key files created now (empty when all existed)
   */
  public static synchronized List<String> ensure(Path dir, List<String> services, String operator, Role role) {
    List<String> created = new java.util.ArrayList<>();
    for (String service : services) {
      if (!Files.exists(KeyFiles.secretFile(dir, service))) {
        KeyFiles.save(dir, service, CurveKeyPair.generate(), Map.of("name", service, "role", Role.SERVICE.wireName()));
        created.add(service);
      }
    }
    if (!Files.exists(KeyFiles.secretFile(dir, operator))) {
      CurveKeyPair key = CurveKeyPair.generate();
      Map<String, String> meta = Map.of("name", operator, "role", role.wireName());
      KeyFiles.save(dir.resolve(SecuritySettings.OPERATORS), operator, key, meta);
      // The secret half lives next to the daemon keys, where mcli looks for it; the public half is
      // the authorised operator key.
      Path operators = dir.resolve(SecuritySettings.OPERATORS);
      try {
        Files.move(KeyFiles.secretFile(operators, operator), KeyFiles.secretFile(dir, operator));
      } catch (java.io.IOException e) {
        throw new io.mercury.common.config.ConfigException(
            "cannot move the operator key into " + dir + ": " + e.getMessage(), e);
      }
      created.add(operator);
    }
    if (KeySeal.ensure(dir)) {
      created.add(KeySeal.FILE_NAME);
    }
    return created;
  }
}
