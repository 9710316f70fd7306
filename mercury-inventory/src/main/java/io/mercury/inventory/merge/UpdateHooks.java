package io.mercury.inventory.merge;

import io.mercury.common.dispatch.EndpointException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites an update before it is applied, as the original's hooks do (docs/protocol.md, "Inventory service"), with its bugs
 * fixed.
 *
 * <ul>
 *   <li>{@code interfaces}: each interface is merged field by field into the stored one at the same
 *       index, so fields the agent does not send (above all {@code lldp}) are kept. Unlike the original,
 *       interfaces beyond the new list's length are removed: a NIC that is gone is no longer reported.
 *   <li>{@code lldp}: {@code {"interface_index": i, ...}} becomes {@code interfaces.<i>.lldp}; a missing or
 *       out-of-range index is refused instead of padding the list with nulls.
 *   <li>every other key replaces the stored value wholesale.
 * </ul>
 */
public final class UpdateHooks {
  private static final Set<String> PROTECTED = Set.of("_id", "mercury_id", "time_created");

  private UpdateHooks() {}

  /**
   * Plans an update of a stored document.
   *
   * @param storedInterfaces the document's current {@code interfaces} (null if it has none)
   * @param update the update data as sent by the client
   */
  public static UpdatePlan plan(List<Object> storedInterfaces, Map<String, Object> update) {
    if (update.isEmpty()) {
      throw new EndpointException("Update data is empty");
    }
    Map<String, Object> set = new LinkedHashMap<>();
    List<Object> interfaces = null;
    for (Map.Entry<String, Object> e : update.entrySet()) {
      String key = e.getKey();
      if (key.equals("mercury_id")) {
        throw new EndpointException("Cannot update mercury_id with this method");
      }
      if (PROTECTED.contains(key) || key.isEmpty() || key.startsWith("$") || key.contains(".$")) {
        throw new EndpointException("Cannot update field '" + key + "'");
      }
      if (key.equals("interfaces") && e.getValue() == null) {
        // the agent found no interfaces (no /sys/class/net): recorded as such, as a first registration does
        set.put(key, null);
      } else if (key.equals("interfaces")) {
        interfaces = mergeInterfaces(storedInterfaces, e.getValue());
      } else if (!key.equals("lldp")) {
        set.put(key, e.getValue());
      }
    }
    if (update.containsKey("lldp")) {
      applyLldp(update.get("lldp"), interfaces, storedInterfaces, set);
    }
    if (interfaces != null) {
      set.put("interfaces", interfaces);
    }
    return new UpdatePlan(set, interfaces != null);
  }

  private static List<Object> mergeInterfaces(List<Object> stored, Object sent) {
    if (!(sent instanceof List<?> list)) {
      throw new EndpointException("interfaces must be a list");
    }
    List<Object> merged = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> iface)) {
        throw new EndpointException("interfaces[" + i + "] must be a map");
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      if (stored != null && i < stored.size() && stored.get(i) instanceof Map<?, ?> old) {
        old.forEach((k, v) -> entry.put(String.valueOf(k), v));
      }
      iface.forEach((k, v) -> entry.put(String.valueOf(k), v));
      merged.add(entry);
    }
    return merged;
  }

  private static void applyLldp(
      Object value, List<Object> merged, List<Object> stored, Map<String, Object> set) {
    if (!(value instanceof Map<?, ?> lldp)) {
      throw new EndpointException("lldp must be a map");
    }
    Object index = lldp.get("interface_index");
    if (index == null) {
      throw new EndpointException("lldp.interface_index is missing");
    }
    if (!(index instanceof Long i) || i < 0) {
      throw new EndpointException("lldp.interface_index must be a non-negative integer");
    }
    List<Object> target = merged != null ? merged : stored;
    int count = target == null ? 0 : target.size();
    if (i >= count) {
      throw new EndpointException(
          "lldp.interface_index " + i + " is out of range: the device has " + count + " interface(s)");
    }
    Map<String, Object> neighbour = new LinkedHashMap<>();
    lldp.forEach((k, v) -> neighbour.put(String.valueOf(k), v));
    neighbour.remove("interface_index");
    if (merged != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> entry = (Map<String, Object>) merged.get(i.intValue());
      entry.put("lldp", neighbour);
    } else {
      set.put("interfaces." + i + ".lldp", neighbour);
    }
  }
}
