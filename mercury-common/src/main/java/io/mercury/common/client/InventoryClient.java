package io.mercury.common.client;

import io.mercury.common.protocol.Request;
import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.protocol.inventory.BootUpdateReply;
import io.mercury.common.protocol.inventory.DeleteReply;
import io.mercury.common.protocol.inventory.InventoryEndpoint;
import io.mercury.common.protocol.inventory.InventoryRequest;
import io.mercury.common.protocol.inventory.InventoryWire;
import io.mercury.common.protocol.inventory.ObjectIdReply;
import io.mercury.common.protocol.inventory.QueryPage;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The inventory service, typed: one method per endpoint, records in and out ({@link InventoryWire} maps
 * them). Device documents, queries and projections stay maps, since they are free-form.
 *
 * <p>Every method throws {@link TransportException} when no reply came, {@link RemoteException} when the
 * inventory refused or failed ({@code error: true}) and {@link UnexpectedReplyException} when the reply
 * had the wrong shape. Every endpoint but {@code delete} is resent after a timeout: reads trivially,
 * {@code insert_one} because a known {@code mercury_id} merges, updates because they set values.
 *
 * <p>Does not own the {@link ServiceClient}; its owner closes it. Thread-safe, as the ServiceClient is.
 */
public final class InventoryClient {
  private final ServiceClient client;
  private final String onBehalfOfName;
  private final String onBehalfOfRole;

  public InventoryClient(ServiceClient client) {
    this(client, null, null);
  }

  private InventoryClient(ServiceClient client, String onBehalfOfName, String onBehalfOfRole) {
    this.client = Objects.requireNonNull(client, "client is null");
    this.onBehalfOfName = onBehalfOfName;
    this.onBehalfOfRole = onBehalfOfRole;
  }

  /** A view of this client whose requests act for operator {@code name} holding {@code role} (wire spelling). */
  public InventoryClient onBehalfOf(String name, String role) {
    return new InventoryClient(client, Objects.requireNonNull(name, "name is null"), Objects.requireNonNull(role, "role is null"));
  }

  public ObjectIdReply insertOne(Map<String, Object> deviceInfo)
      throws TransportException, RemoteException, UnexpectedReplyException {
    return InventoryWire.objectId(InventoryEndpoint.INSERT_ONE, invoke(new InventoryRequest.InsertOne(deviceInfo), true));
  }

  public ObjectIdReply updateOne(String mercuryId, Map<String, Object> updateData)
      throws TransportException, RemoteException, UnexpectedReplyException {
    return InventoryWire.objectId(
        InventoryEndpoint.UPDATE_ONE, invoke(new InventoryRequest.UpdateOne(mercuryId, updateData), true));
  }

  /** The device's document limited to {@code projection} (null: the whole document); empty when unknown. */
  public Optional<Map<String, Object>> getOne(String mercuryId, Map<String, Object> projection)
      throws TransportException, RemoteException, UnexpectedReplyException {
    return InventoryWire.device(invoke(new InventoryRequest.GetOne(mercuryId, projection), true));
  }

  public QueryPage query(InventoryRequest.Query query)
      throws TransportException, RemoteException, UnexpectedReplyException {
    return InventoryWire.queryPage(invoke(query, true));
  }

  public long count(Map<String, Object> query) throws TransportException, RemoteException, UnexpectedReplyException {
    return InventoryWire.count(invoke(new InventoryRequest.Count(query), true));
  }

  /** Deletes a device and revokes its agent keys; not resent after a timeout. */
  public DeleteReply delete(String mercuryId) throws TransportException, RemoteException, UnexpectedReplyException {
    return InventoryWire.deleteReply(invoke(new InventoryRequest.Delete(mercuryId), false));
  }

  public BootUpdateReply updateBoot(String mercuryId, Map<String, Object> bootData)
      throws TransportException, RemoteException, UnexpectedReplyException {
    return InventoryWire.bootUpdate(
        InventoryEndpoint.UPDATE_BOOT, invoke(new InventoryRequest.UpdateBoot(mercuryId, bootData), true));
  }

  public BootUpdateReply updateBootMany(Map<String, Object> query, Map<String, Object> bootData)
      throws TransportException, RemoteException, UnexpectedReplyException {
    return InventoryWire.bootUpdate(
        InventoryEndpoint.UPDATE_BOOT_MANY, invoke(new InventoryRequest.UpdateBootMany(query, bootData), true));
  }

  private Object invoke(InventoryRequest request, boolean idempotent) throws TransportException, RemoteException {
    Request wire = InventoryWire.request(request);
    if (onBehalfOfName != null) {
      wire = wire.onBehalfOf(onBehalfOfName, onBehalfOfRole);
    }
    return client.invoke(wire, idempotent);
  }
}
