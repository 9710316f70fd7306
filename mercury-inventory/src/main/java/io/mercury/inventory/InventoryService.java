package io.mercury.inventory;

import com.mongodb.client.MongoCollection;
import io.mercury.common.dispatch.Dispatcher;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.transport.RouterServer;
import io.mercury.common.transport.ServerSettings;
import io.mercury.inventory.endpoint.DeviceKeys;
import io.mercury.inventory.endpoint.InventoryEndpoints;
import io.mercury.inventory.store.DeviceStore;
import io.mercury.inventory.store.InsertBatcher;
import java.time.InstantSource;
import org.bson.Document;
import org.zeromq.ZContext;

/**
 * The inventory daemon's parts in start order: the device store (indexes ensured), the batched
 * insert writer, the endpoint registry and the ROUTER server. Closing stops the server; the caller owns the Mongo client and the
 * ZeroMQ context.
 */
public final class InventoryService implements AutoCloseable {
  public static final String NAME = "mercury-inventory";

  private final RouterServer server;
  private final InsertBatcher inserts;

  private InventoryService(RouterServer server, InsertBatcher inserts) {
    this.server = server;
    this.inserts = inserts;
  }

  /** Starts serving; returns once the socket is bound. */
  public static InventoryService start(
      ZContext context,
      ServerSettings settings,
      MongoCollection<Document> devices,
      InstantSource clock,
      AuditTrail audit) {
    return start(context, settings, devices, clock, audit, DeviceStore.DEFAULT_MAX_QUERY_RESULTS);
  }

  /** As {@link #start(ZContext, ServerSettings, MongoCollection, InstantSource, AuditTrail)}, with the query result limit. */
  public static InventoryService start(
      ZContext context,
      ServerSettings settings,
      MongoCollection<Document> devices,
      InstantSource clock,
      AuditTrail audit,
      long maxQueryResults) {
    return start(context, settings, devices, clock, audit, maxQueryResults, DeviceKeys.NONE);
  }

  /** As above; deleting a device revokes its agent keys through {@code deviceKeys}. */
  public static InventoryService start(
      ZContext context,
      ServerSettings settings,
      MongoCollection<Document> devices,
      InstantSource clock,
      AuditTrail audit,
      long maxQueryResults,
      DeviceKeys deviceKeys) {
    DeviceStore store = new DeviceStore(devices, clock, maxQueryResults);
    store.ensureIndexes();
    InsertBatcher inserts = new InsertBatcher(store);
    RouterServer server =
        new RouterServer(
            context, settings, new Dispatcher(NAME, InventoryEndpoints.registry(store, inserts, deviceKeys), audit));
    server.start();
    return new InventoryService(server, inserts);
  }

  /** The address clients connect to. */
  public String endpoint() {
    return server.endpoint();
  }

  @Override
  public void close() {
    server.close();
    inserts.close();
  }
}
