package io.mercury.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.config.ConfigException;
import io.mercury.common.config.ConfigLoader;
import io.mercury.common.config.ConfigSpec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecuritySettingsTest {
  @TempDir Path tmp;

  private static final ConfigSpec SPEC =
      ConfigSpec.builder("demo", "demo.yaml").options(SecuritySettings.options("demo")).build();

  private static SecuritySettings load(Map<String, String> env, String... args) {
    return SecuritySettings.from(ConfigLoader.load(SPEC, args, env, Path.of("/nonexistent"), java.util.List.of()));
  }

  @Test
  void defaultsAreCurveOnWithTheProgramsKeyName() {
    SecuritySettings s = load(Map.of());
    assertThat(s.curve()).isTrue();
    assertThat(s.keysDir()).isEqualTo(Path.of("/etc/mercury/keys"));
    assertThat(s.keyName()).isEqualTo("demo");
    assertThat(s.database()).isEqualTo("mercury_security");
  }

  @Test
  void aDaemonWithAKeyStoreRereadsItsKeysAtTheIntervalItIsGiven() {
    ConfigSpec daemon =
        ConfigSpec.builder("demo", "demo.yaml")
            .options(SecuritySettings.options("demo"))
            .option(SecuritySettings.keysRereadOption())
            .build();
    java.util.function.Function<String[], SecuritySettings> load =
        args -> SecuritySettings.from(ConfigLoader.load(daemon, args, Map.of(), Path.of("/nonexistent"), java.util.List.of()));
    assertThat(load.apply(new String[0]).keysReread()).isEqualTo(java.time.Duration.ofSeconds(20));
    assertThat(load.apply(new String[] {"--security-keys-reread-interval", "2.5"}).keysReread()).isEqualTo(java.time.Duration.ofMillis(2500));
    assertThatThrownBy(() -> load.apply(new String[] {"--security-keys-reread-interval", "0"}))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("security.keys_reread_interval must be more than 0 seconds");
    // a program without a key store (mcli) does not declare it and keeps the default
    assertThat(load(Map.of()).keysReread()).isEqualTo(java.time.Duration.ofSeconds(20));
  }

  @Test
  void curveIsTurnedOffByTheEnvironment() {
    assertThat(load(Map.of("SECURITY_CURVE", "off")).curve()).isFalse();
    assertThat(load(Map.of(), "--security-curve", "OFF").curve()).isFalse();
    assertThatThrownBy(() -> load(Map.of("SECURITY_CURVE", "maybe")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("security.curve must be on or off");
  }

  @Test
  void serverKeysComeFromTheKeysDirectoryOrTheOption() {
    CurveKeyPair inventory = CurveKeyPair.generate();
    KeyFiles.save(tmp, "inventory", inventory, Map.of());
    CurveKeyPair rpc = CurveKeyPair.generate();
    SecuritySettings s =
        load(Map.of(), "--security-keys-dir", tmp.toString(), "--security-server-keys", "rpc=" + rpc.publicKey());
    assertThat(s.serverKey("inventory")).isEqualTo(inventory.publicKey());
    assertThat(s.serverKey("rpc")).isEqualTo(rpc.publicKey());
    assertThatThrownBy(() -> s.serverKey("log"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no CURVE public key for the log service")
        .hasMessageContaining(tmp.resolve("log.pub").toString());
    assertThatThrownBy(() -> load(Map.of(), "--security-server-keys", "rpc=notakey"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not a 40-character Z85 key");
  }

  @Test
  void aClientNeedsItsOwnKeyOnlyWhenCurveIsOn() {
    assertThat(SecuritySettings.off().client("inventory")).isEmpty();
    SecuritySettings on = SecuritySettings.on(tmp, "mcli");
    assertThatThrownBy(() -> on.client("inventory"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mcli.key does not exist");
  }
}
