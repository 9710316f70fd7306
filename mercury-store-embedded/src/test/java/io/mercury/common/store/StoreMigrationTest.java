package io.mercury.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file written by the plain H2 backend (documents and index keys Java-serialized, as every Mercury
 * before this format wrote them) opened by the embedded store: converted once, nothing lost, indexes
 * still answer.
 */
class StoreMigrationTest {
  @TempDir Path dir;

  private static Document device(int i) {
    return new Document("mercury_id", String.format("01%040x", i))
        .append("n", i)
        .append("big", 1L << 40)
        .append("score", i + 0.5)
        .append("active", i % 2 == 0)
        .append("none", null)
        .append("seen", Date.from(Instant.ofEpochMilli(1_764_600_000_000L + i)))
        .append("blob", new Binary(new byte[] {(byte) i, 2, 3}))
        .append("mem", new Document("MemTotal", 206_158_430_208L).append("flags", List.of("fpu", "avx2")))
        .append("nics", List.of(new Document("devname", "eno1"), new Document("devname", "eno2")));
  }

  /** Writes the old format: mongo-java-server's own H2 backend, through the MongoDB driver. */
  private void writeOldStore(Path file, int devices, int tasks) {
    MVStore store = new MVStore.Builder().fileName(file.toString()).open();
    MongoServer server = new MongoServer(new H2Backend(store));
    InetSocketAddress address = server.bind();
    try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort() + "/")) {
      MongoDatabase db = client.getDatabase("mercury");
      MongoCollection<Document> inventory = db.getCollection("inventory");
      inventory.createIndex(Indexes.ascending("mercury_id"), new IndexOptions().unique(true));
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < devices; i++) {
        docs.add(device(i));
      }
      inventory.insertMany(docs);
      MongoCollection<Document> rpcTasks = db.getCollection("rpc_tasks");
      rpcTasks.createIndex(Indexes.ascending("_id", "status"), new IndexOptions().unique(true));
      for (int i = 0; i < tasks; i++) {
        rpcTasks.insertOne(new Document("_id", "task-" + i).append("status", "QUEUED").append("n", i));
      }
      db.getCollection("counters").insertOne(new Document("_id", new Document("kind", "jobs")).append("value", 7));
    } finally {
      server.shutdownNow();
      store.close();
    }
  }

  private static boolean isMarked(Path file) {
    MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
    try {
      return StoreFormat.isMarked(store);
    } finally {
      store.close();
    }
  }

  @Test
  void anOldFileIsConvertedOnOpenAndReadsBackThroughTheDriver() {
    Path file = dir.resolve("mercury.mv.db");
    writeOldStore(file, 300, 50);
    assertThat(isMarked(file)).isFalse();

    try (EmbeddedStore store = EmbeddedStore.start(file, "127.0.0.1", 0);
        MongoClient client = MongoClients.create(store.connectionString())) {
      MongoDatabase db = client.getDatabase("mercury");
      MongoCollection<Document> inventory = db.getCollection("inventory");
      assertThat(inventory.countDocuments()).isEqualTo(300);
      List<Document> all = inventory.find().sort(new Document("n", 1)).projection(new Document("_id", 0)).into(new ArrayList<>());
      for (int i = 0; i < 300; i++) {
        assertThat(all.get(i)).isEqualTo(device(i));
      }
      // The unique index answers a look-up and still refuses a duplicate.
      assertThat(inventory.find(Filters.eq("mercury_id", String.format("01%040x", 123))).first())
          .isNotNull()
          .extracting(d -> d.get("n"))
          .isEqualTo(123);
      assertThatThrownBy(() -> inventory.insertOne(new Document("mercury_id", String.format("01%040x", 5))))
          .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(ErrorCategory.fromErrorCode(e.getCode())).isEqualTo(ErrorCategory.DUPLICATE_KEY));
      ObjectId id = all.isEmpty() ? null : inventory.find(Filters.eq("n", 7)).first().getObjectId("_id");
      assertThat(inventory.find(Filters.eq("_id", id)).first()).extracting(d -> d.get("n")).isEqualTo(7);

      // A conditional transition through the (_id, status) index, as the rpc store makes it.
      MongoCollection<Document> tasks = db.getCollection("rpc_tasks");
      assertThat(tasks.updateOne(Filters.and(Filters.eq("_id", "task-9"), Filters.eq("status", "QUEUED")), Updates.set("status", "STARTED"))
              .getModifiedCount())
          .isEqualTo(1);
      assertThat(tasks.updateOne(Filters.and(Filters.eq("_id", "task-9"), Filters.eq("status", "QUEUED")), Updates.set("status", "SUCCESS"))
              .getModifiedCount())
          .isZero();
      assertThat(db.getCollection("counters").find(Filters.eq("_id", new Document("kind", "jobs"))).first())
          .extracting(d -> d.get("value"))
          .isEqualTo(7);
    }
    assertThat(dir.resolve("mercury.mv.db.old")).exists();
    assertThat(dir.resolve("mercury.mv.db.migrating")).doesNotExist();
    assertThat(isMarked(file)).isTrue();

    // Reopened after its close (and compaction): not converted again, the writes of the last run kept.
    assertThat(StoreMigration.convertIfOld(file)).isFalse();
    try (EmbeddedStore store = EmbeddedStore.start(file, "127.0.0.1", 0);
        MongoClient client = MongoClients.create(store.connectionString())) {
      MongoCollection<Document> tasks = client.getDatabase("mercury").getCollection("rpc_tasks");
      assertThat(tasks.find(Filters.and(Filters.eq("_id", "task-9"), Filters.eq("status", "STARTED"))).first()).isNotNull();
      assertThat(client.getDatabase("mercury").getCollection("inventory").countDocuments()).isEqualTo(300);
    }
  }

  @Test
  void anInterruptedConversionIsRedoneFromTheUntouchedOldFile() throws Exception {
    Path file = dir.resolve("mercury.mv.db");
    writeOldStore(file, 20, 5);
    Path partial = dir.resolve("mercury.mv.db.migrating");
    Files.writeString(partial, "half a copy");

    assertThat(StoreMigration.convertIfOld(file)).isTrue();
    assertThat(partial).doesNotExist();
    try (EmbeddedStore store = EmbeddedStore.start(file, "127.0.0.1", 0);
        MongoClient client = MongoClients.create(store.connectionString())) {
      assertThat(client.getDatabase("mercury").getCollection("inventory").countDocuments()).isEqualTo(20);
    }
  }

  @Test
  void aNewFileIsMarkedAndNeverConverted() {
    Path file = dir.resolve("fresh.mv.db");
    try (EmbeddedStore store = EmbeddedStore.start(file, "127.0.0.1", 0);
        MongoClient client = MongoClients.create(store.connectionString())) {
      client.getDatabase("mercury").getCollection("inventory").insertOne(new Document("mercury_id", "x"));
      // Dropping a database named like the marker's prefix leaves the marker alone.
      client.getDatabase("mercury").drop();
    }
    assertThat(isMarked(file)).isTrue();
    assertThat(StoreMigration.convertIfOld(file)).isFalse();
    assertThat(dir.resolve("fresh.mv.db.old")).doesNotExist();
  }

  @Test
  void aFileOfAnUnknownFormatIsRefusedUntouched() throws Exception {
    Path file = dir.resolve("future.mv.db");
    MVStore store = new MVStore.Builder().fileName(file.toString()).open();
    store.<String, String>openMap(StoreFormat.MARKER_MAP).put(StoreFormat.FORMAT_KEY, "bson-99");
    store.close();
    long size = Files.size(file);

    assertThatThrownBy(() -> EmbeddedStore.start(file, "127.0.0.1", 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not in format " + StoreFormat.FORMAT)
        .hasMessageContaining("bson-99");
    assertThat(Files.size(file)).isEqualTo(size);
    assertThat(dir.resolve("future.mv.db.old")).doesNotExist();
  }

  @Test
  void anOldFileThatCannotBeConvertedIsLeftAsItWas() throws Exception {
    Path file = dir.resolve("odd.mv.db");
    MVStore store = new MVStore.Builder().fileName(file.toString()).open();
    // A value no BSON type holds (the wire never delivers one; written here straight into the map).
    store.openMap("databases.mercury.odd").put("x", new de.bwaldvogel.mongo.bson.Document("f", 1.5f));
    store.close();
    byte[] before = Files.readAllBytes(file);

    assertThatThrownBy(() -> EmbeddedStore.start(file, "127.0.0.1", 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot convert the store file")
        .hasMessageContaining("left as it was");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(dir.resolve("odd.mv.db.old")).doesNotExist();
    assertThat(dir.resolve("odd.mv.db.migrating")).doesNotExist();
  }
}
