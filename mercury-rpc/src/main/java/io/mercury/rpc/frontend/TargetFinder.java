package io.mercury.rpc.frontend;

import io.mercury.common.dispatch.EndpointException;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import io.mercury.rpc.inventory.InventoryScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds a job's targets: the active devices matching the operator's query, at most {@code maxTargets}
 * of them. A query matching more is refused rather than truncated: a job on part of what the operator
 * asked for would be worse than none.
 */
final class TargetFinder {
  private static final Map<String, Object> PROJECTION =
      Map.of("mercury_id", 1, "active", 1, "origin", 1);

  private final ServiceClient inventory;
  private final int maxTargets;

  TargetFinder(ServiceClient inventory, int maxTargets) {
    this.inventory = inventory;
    this.maxTargets = maxTargets;
  }

  List<Target> find(Map<String, Object> query) throws TransportException, RemoteException {
    List<Target> targets = new ArrayList<>();
    try {
      InventoryScan.scan(
          inventory,
          InventoryScan.activeOnly(query),
          PROJECTION,
          d -> {
            if (targets.size() == maxTargets) {
              throw new TooManyTargets();
            }
            targets.add(Target.from(d));
          });
    } catch (TooManyTargets e) {
      throw new EndpointException(
          "the query matches more than "
              + maxTargets
              + " active devices (rpc.max_targets); narrow the query or split the job");
    }
    return targets;
  }

  /** Stops the scan at the first target over the limit. */
  private static final class TooManyTargets extends RuntimeException {
    TooManyTargets() {
      super(null, null, false, false);
    }
  }
}
