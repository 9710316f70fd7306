package io.mercury.common.store.audit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.time.InstantSource;
import org.bson.Document;

/** An in-memory MongoDB holding an audit collection, for tests. */
public final class MemoryAudit implements AutoCloseable {
  private final MongoServer server = new MongoServer(new MemoryBackend());
  private final MongoClient client;

  public MemoryAudit() {
    server.bind("127.0.0.1", 0);
    client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
  }

  public MongoCollection<Document> collection() {
    return client.getDatabase("mercury_security").getCollection(AuditTrail.COLLECTION);
  }

  /** Another collection of the same in-memory server. */
  public MongoCollection<Document> collection(String database, String name) {
    return client.getDatabase(database).getCollection(name);
  }

  public AuditTrail trail(String service) {
    return new AuditTrail(collection(), service, InstantSource.system());
  }

  /** A trail whose every write fails, as when its store is down. */
  @SuppressWarnings("unchecked")
  public static AuditTrail unavailable(String service) {
    MongoCollection<Document> down =
        (MongoCollection<Document>)
            java.lang.reflect.Proxy.newProxyInstance(
                MemoryAudit.class.getClassLoader(),
                new Class<?>[] {MongoCollection.class},
                (proxy, method, args) -> {
                  throw new com.mongodb.MongoException("store down");
                });
    return new AuditTrail(down, service, InstantSource.system());
  }

  @Override
  public void close() {
    client.close();
    server.shutdownNow();
  }
}
