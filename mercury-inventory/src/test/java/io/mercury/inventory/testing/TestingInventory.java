package io.mercury.inventory.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mercury.common.security.SecuritySettings;
import io.mercury.common.security.TransportSecurity;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.transport.ServerSettings;
import io.mercury.inventory.InventoryService;
import java.time.InstantSource;
import java.util.Map;
import org.bson.Document;
import org.zeromq.ZContext;

/**
 * A real inventory service for tests: an in-memory wire MongoDB and the ZeroMQ service, both on
 * ephemeral loopback ports.
 *
 * <pre>{@code
 * try (TestingInventory inv = TestingInventory.start()) {
 *   inv.insert(Map.of("mercury_id", "00ab...", "dmi", Map.of("sys_vendor", "HP")));
 *   client.connect(inv.endpoint());
 * }
 * }</pre>
 */
public final class TestingInventory implements AutoCloseable {
  private final MongoServer mongo;
  private final MongoClient client;
  private final ZContext context;
  private final InventoryService service;
  private final MongoCollection<Document> devices;

  private final TransportSecurity security;

  private TestingInventory(InstantSource clock, SecuritySettings securitySettings) {
    mongo = new MongoServer(new MemoryBackend());
    String uri = mongo.bindAndGetConnectionString();
    client = MongoClients.create(uri);
    devices = client.getDatabase("mercury").getCollection("inventory");
    context = new ZContext();
    security =
        TransportSecurity.start(
            InventoryService.NAME, securitySettings, context, client.getDatabase(securitySettings.database()));
    service =
        InventoryService.start(
            context,
            ServerSettings.of(InventoryService.NAME, "tcp://127.0.0.1:0").withCurve(security.server(InventoryService.NAME)),
            devices,
            clock,
            AuditTrail.in(client.getDatabase("mercury_security"), InventoryService.NAME, clock));
  }

  /** A plaintext inventory (CURVE off), for tests about the inventory itself. */
  public static TestingInventory start() {
    return new TestingInventory(InstantSource.system(), SecuritySettings.off());
  }

  public static TestingInventory start(InstantSource clock) {
    return new TestingInventory(clock, SecuritySettings.off());
  }

  /**
   * A CURVE inventory with key {@code <keysDir>/inventory.key}, accepting the keys of {@code keysDir}
   * (daemons' {@code *.pub}, {@code operators/*.pub}) and whatever its key store accepts.
   */
  public static TestingInventory startSecure(java.nio.file.Path keysDir) {
    return new TestingInventory(InstantSource.system(), SecuritySettings.on(keysDir, "inventory"));
  }

  /** The inventory's ZeroMQ address. */
  public String endpoint() {
    return service.endpoint();
  }

  /** The audit trail in this store's security database, as {@code service} writes it (the inventory writes as its NAME). */
  public AuditTrail audit(String service) {
    return AuditTrail.in(client.getDatabase("mercury_security"), service, InstantSource.system());
  }

  /** The backing collection, for direct checks. */
  public MongoCollection<Document> devices() {
    return devices;
  }

  /** Inserts a device document directly into the store. */
  public void insert(Map<String, Object> device) {
    devices.insertOne(new Document(device));
  }

  @Override
  public void close() {
    service.close();
    security.close();
    context.close();
    client.close();
    mongo.shutdownNow();
  }
}
