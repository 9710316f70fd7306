package io.mercury.common.store.keys;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.mercury.common.store.EmbeddedStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** An embedded store on an ephemeral port, a client, a fresh database and a clock the test moves. */
final class StoreFixture implements AutoCloseable {
  final EmbeddedStore store;
  final MongoClient client;
  final MongoDatabase db;
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  final InstantSource clock = now::get;

  StoreFixture(Path dir) {
    store = EmbeddedStore.start(dir.resolve("store.mv"), "127.0.0.1", 0);
    client = MongoClients.create(store.connectionString());
    db = client.getDatabase("mercury_security");
  }

  void advance(java.time.Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }

  static String key(int n) {
    String digits = Integer.toString(n);
    return "k".repeat(40 - digits.length()) + digits;
  }

  @Override
  public void close() {
    client.close();
    store.close();
  }
}
