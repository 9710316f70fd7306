package io.mercury.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
  @TempDir Path tmp;

  @Test
  void savedKeysLoadBackWithTheirPermissionsAndMetadata() throws Exception {
    Path dir = tmp.resolve("keys");
    CurveKeyPair pair = CurveKeyPair.generate();
    KeyFiles.save(dir, "alice", pair, Map.of("role", "admin", "name", "alice"));

    assertThat(KeyFiles.load(dir, "alice")).isEqualTo(pair);
    KeyFiles.PublicKeyFile pub = KeyFiles.loadPublic(dir.resolve("alice.pub"));
    assertThat(pub.publicKey()).isEqualTo(pair.publicKey());
    assertThat(pub.metadata()).containsEntry("role", "admin").containsEntry("name", "alice");
    assertThat(Files.readString(dir.resolve("alice.pub"))).doesNotContain(pair.secretKey());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("alice.key"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("alice.pub"))))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void neverOverwritesAKey() {
    KeyFiles.save(tmp, "svc", CurveKeyPair.generate(), Map.of());
    CurveKeyPair first = KeyFiles.load(tmp, "svc");
    assertThatThrownBy(() -> KeyFiles.save(tmp, "svc", CurveKeyPair.generate(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("svc.key exists already");
    assertThat(KeyFiles.loadOrCreate(tmp, "svc", Map.of())).isEqualTo(first);
  }

  @Test
  void loadOrCreateGeneratesOnFirstUse() {
    CurveKeyPair created = KeyFiles.loadOrCreate(tmp.resolve("state"), "agent", Map.of());
    assertThat(created.hasSecret()).isTrue();
    assertThat(KeyFiles.load(tmp.resolve("state"), "agent")).isEqualTo(created);
  }

  @Test
  void aMissingKeySaysWhichFileAndHowToCreateIt() {
    assertThatThrownBy(() -> KeyFiles.load(tmp, "inventory"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(tmp.resolve("inventory.key").toString())
        .hasMessageContaining("does not exist")
        .hasMessageContaining("mcli keygen --dir " + tmp + " --name inventory");
  }

  @Test
  void aSecretKeyReadableByOthersIsRefused() throws Exception {
    KeyFiles.save(tmp, "svc", CurveKeyPair.generate(), Map.of());
    Files.setPosixFilePermissions(tmp.resolve("svc.key"), PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> KeyFiles.load(tmp, "svc"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("readable or writable by group or others")
        .hasMessageContaining("chmod 600");
  }

  @Test
  void corruptFilesAreRefusedClearly() throws Exception {
    Path key = Files.writeString(tmp.resolve("bad.key"), "curve\n    public-key = \"short\"\n    secret-key = \"x\"\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> KeyFiles.load(tmp, "bad"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bad.key is corrupt");

    Path noSecret = Files.writeString(tmp.resolve("nosecret.key"), "metadata\n    name = \"x\"\n");
    Files.setPosixFilePermissions(noSecret, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> KeyFiles.load(tmp, "nosecret"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no curve/secret-key");

    Path pub = Files.writeString(tmp.resolve("x.pub"), "this is not zpl at all = = =\n");
    assertThatThrownBy(() -> KeyFiles.loadPublic(pub))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("x.pub");
    assertThatThrownBy(() -> KeyFiles.loadPublic(tmp.resolve("missing.pub")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("missing.pub does not exist");
  }

  @Test
  void keysAreValidatedAsZ85() {
    assertThat(CurveKeyPair.isZ85Key(CurveKeyPair.generate().publicKey())).isTrue();
    assertThat(CurveKeyPair.isZ85Key("too short")).isFalse();
    assertThat(CurveKeyPair.isZ85Key("~".repeat(40))).isFalse();
    assertThatThrownBy(() -> CurveKeyPair.publicOnly("abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("40 Z85 characters");
    assertThat(CurveKeyPair.generate().toString()).contains("secret hidden");
  }
}
