package io.mercury.rpc.frontend;

import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import io.mercury.rpc.inventory.InventoryScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Finds a job's targets: the active devices matching the operator's query. */
final class TargetFinder {
  private static final Map<String, Object> PROJECTION =
      Map.of("mercury_id", 1, "active", 1, "origin", 1);

  private final ServiceClient inventory;

  TargetFinder(ServiceClient inventory) {
    this.inventory = inventory;
  }

  List<Target> find(Map<String, Object> query) throws TransportException, RemoteException {
    List<Target> targets = new ArrayList<>();
    InventoryScan.scan(inventory, InventoryScan.activeOnly(query), PROJECTION, d -> targets.add(Target.from(d)));
    return targets;
  }
}
