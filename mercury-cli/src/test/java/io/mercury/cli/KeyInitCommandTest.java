package io.mercury.cli;

import static io.mercury.cli.testing.McliRun.mcli;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.cli.testing.McliRun;
import io.mercury.common.security.KeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyInitCommandTest {
  @TempDir Path tmp;

  @Test
  void createsAnOperatorKeyWithItsRoleAndNeverOverwritesIt() throws Exception {
    Path dir = tmp.resolve("keys");
    McliRun run = mcli("keygen", "--dir", dir.toString(), "--name", "alice", "--role", "operator");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("alice.key").contains("public key").contains("fingerprint");
    assertThat(KeyFiles.loadPublic(KeyFiles.publicFile(dir, "alice")).metadata()).containsEntry("role", "operator");
    assertThat(KeyFiles.load(dir, "alice").publicKey()).isEqualTo(KeyFiles.loadPublic(KeyFiles.publicFile(dir, "alice")).publicKey());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(KeyFiles.secretFile(dir, "alice")))).isEqualTo("rw-------");
    String before = Files.readString(KeyFiles.secretFile(dir, "alice"));

    McliRun again = mcli("keygen", "--dir", dir.toString(), "--name", "alice");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("exists already; not overwriting it");
    assertThat(Files.readString(KeyFiles.secretFile(dir, "alice"))).isEqualTo(before);
  }

  @Test
  void refusesABadRoleOrName() {
    assertThat(mcli("keygen", "--dir", tmp.toString(), "--role", "god").exitCode()).isEqualTo(2);
    McliRun bad = mcli("keygen", "--dir", tmp.toString(), "--name", "../escape");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--name must be");
    assertThat(tmp.resolve("god.key")).doesNotExist();
  }
}
