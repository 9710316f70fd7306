package io.mercury.boot;

import io.mercury.common.client.InventoryClient;
import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.protocol.inventory.InventoryRequest;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The boot service's view of the inventory: devices by MAC, and whole device documents. */
public final class DeviceDirectory {
  private final InventoryClient inventory;

  public DeviceDirectory(ServiceClient inventory) {
    this.inventory = new InventoryClient(inventory);
  }

  /** Devices with an interface of this MAC, with their {@code mercury_id} and {@code boot}. */
  public List<Map<String, Object>> byMac(String mac) throws InventoryException {
    Map<String, Object> projection = new LinkedHashMap<>();
    projection.put("mercury_id", 1);
    projection.put("boot", 1);
    try {
      return inventory.query(InventoryRequest.Query.of(Map.of("interfaces.address", mac), projection)).items();
    } catch (TransportException | RemoteException | UnexpectedReplyException e) {
      throw failure(e);
    }
  }

  /** The whole document of a device. */
  public Optional<Map<String, Object>> document(String mercuryId) throws InventoryException {
    try {
      return inventory.getOne(mercuryId, null);
    } catch (TransportException | RemoteException | UnexpectedReplyException e) {
      throw failure(e);
    }
  }

  private static InventoryException failure(Exception e) {
    return switch (e) {
      case TransportException t -> new InventoryException("inventory unreachable: " + t.getMessage(), t);
      case RemoteException r -> new InventoryException("inventory error: " + r.getMessage(), r);
      default -> new InventoryException(e.getMessage(), e);
    };
  }

  /** The inventory could not answer. */
  public static final class InventoryException extends Exception {
    public InventoryException(String message) {
      super(message);
    }

    public InventoryException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
