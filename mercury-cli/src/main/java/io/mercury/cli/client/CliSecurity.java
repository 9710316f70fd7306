package io.mercury.cli.client;

import io.mercury.common.config.ConfigException;
import io.mercury.common.config.ConfigLoader;
import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.config.Source;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.KeyFiles;
import io.mercury.common.security.SecuritySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * mcli's CURVE settings: {@code security.curve}, {@code security.keys_dir} and {@code security.key_name}
 * (default {@code operator}) from the environment ({@code SECURITY_CURVE}, {@code SECURITY_KEYS_DIR},
 * {@code SECURITY_KEY_NAME}) or {@code mercury-cli.yaml}. When the keys directory is not configured,
 * the first of {@code /etc/mercury/keys}, {@code $MERCURY_HOME/keys} and the local stack's {@code
 * var/keys} that holds the operator key is used, so mcli works after {@code mercury up} with no
 * configuration.
 */
public final class CliSecurity {
  private static final ConfigSpec SPEC =
      ConfigSpec.builder("mcli", "mercury-cli.yaml").options(SecuritySettings.options("operator")).build();

  private final SecuritySettings settings;

  private CliSecurity(SecuritySettings settings) {
    this.settings = settings;
  }

  /**
   * Resolves the settings from the environment and configuration file.
   *
   * @throws IllegalArgumentException on an invalid value, with a message naming it
   */
  public static CliSecurity resolve(Map<String, String> env) {
    Configuration cfg;
    try {
      cfg = ConfigLoader.load(SPEC, new String[0], env, null);
      SecuritySettings settings = SecuritySettings.from(cfg);
      if (cfg.source(SecuritySettings.KEYS_DIR) == Source.DEFAULT) {
        for (Path dir : candidates(env)) {
          if (Files.exists(KeyFiles.secretFile(dir, settings.keyName()))) {
            settings = new SecuritySettings(settings.curve(), dir, settings.keyName(), settings.serverKeys(), settings.database(), settings.keysReread());
            break;
          }
        }
      }
      return new CliSecurity(settings);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static List<Path> candidates(Map<String, String> env) {
    List<Path> dirs = new ArrayList<>();
    dirs.add(Path.of(SecuritySettings.DEFAULT_KEYS_DIR));
    String home = env.get("MERCURY_HOME");
    if (home != null && !home.isBlank()) {
      dirs.add(Path.of(home, "keys"));
    }
    dirs.add(Path.of(System.getProperty("mercury.root", "."), "var", "keys"));
    return dirs;
  }

  public SecuritySettings settings() {
    return settings;
  }

  /**
   * CURVE towards {@code service} ({@code inventory}, {@code rpc}, {@code log}), or empty when off.
   *
   * @throws IllegalArgumentException when a key file is missing or unusable, saying which
   */
  public Optional<CurveClient> client(String service) {
    try {
      return settings.client(service);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
