package io.mercury.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security issue 14, F3: the store file (audit trail, key records, everything) was 0644 like any file
 * the umask allows. It is 0600 from its first open, after the compaction a clean close rewrites it with,
 * and again when an older, wider file is opened.
 */
class EmbeddedStoreFileModeTest {
  @TempDir Path dir;

  private static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  @Test
  void theStoreFileIsOwnerOnlyWhenCreatedCompactedAndReopened() throws Exception {
    assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"));
    Path file = dir.resolve("mercury.mv.db");
    try (EmbeddedStore store = EmbeddedStore.start(file, "127.0.0.1", 0);
        MongoClient client = MongoClients.create(store.connectionString())) {
      client.getDatabase("mercury_security").getCollection("audit").insertOne(new Document("action", "enrol"));
      assertThat(mode(file)).isEqualTo("rw-------");
    }
    assertThat(mode(file)).as("after the compaction on close").isEqualTo("rw-------");

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    try (EmbeddedStore store = EmbeddedStore.start(file, "127.0.0.1", 0)) {
      assertThat(mode(file)).as("a file an older Mercury left readable").isEqualTo("rw-------");
    }
  }
}
