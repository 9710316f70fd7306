package io.mercury.boot;

import io.mercury.common.protocol.Request;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The boot service's view of the inventory: devices by MAC, and whole device documents. */
public final class DeviceDirectory {
  private final ServiceClient inventory;

  public DeviceDirectory(ServiceClient inventory) {
    this.inventory = inventory;
  }

  /** Devices with an interface of this MAC, with their {@code mercury_id} and {@code boot}. */
  public List<Map<String, Object>> byMac(String mac) throws InventoryException {
    Map<String, Object> projection = new LinkedHashMap<>();
    projection.put("mercury_id", 1);
    projection.put("boot", 1);
    Map<String, Object> kwargs = new LinkedHashMap<>();
    kwargs.put("projection", projection);
    kwargs.put("limit", 0);
    Object reply = call(new Request("query", List.of(Map.of("interfaces.address", mac)), kwargs));
    if (!(reply instanceof Map<?, ?> page) || !(page.get("items") instanceof List<?> items)) {
      throw new InventoryException("unexpected reply from the inventory's query");
    }
    List<Map<String, Object>> devices = new ArrayList<>();
    for (Object item : items) {
      devices.add(map(item));
    }
    return devices;
  }

  /** The whole document of a device. */
  public Optional<Map<String, Object>> document(String mercuryId) throws InventoryException {
    Object reply = call(Request.of("get_one", mercuryId));
    return reply == null ? Optional.empty() : Optional.of(map(reply));
  }

  private Object call(Request request) throws InventoryException {
    try {
      return inventory.invoke(request, true);
    } catch (TransportException e) {
      throw new InventoryException("inventory unreachable: " + e.getMessage(), e);
    } catch (RemoteException e) {
      throw new InventoryException("inventory error: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) throws InventoryException {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new InventoryException("unexpected device from the inventory: " + value);
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
