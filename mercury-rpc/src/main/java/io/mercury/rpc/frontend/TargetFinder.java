package io.mercury.rpc.frontend;

import io.mercury.common.client.InventoryClient;
import io.mercury.common.dispatch.EndpointException;
import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import io.mercury.rpc.inventory.InventoryScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds a job's targets: the active devices matching the operator's query, at most {@code maxTargets}
 * of them, page by page. A query matching more is refused rather than truncated: a job on part of what
 * the operator asked for would be worse than none. The first page says how many devices match, so such
 * a query is refused before the first page reaches the caller; a query that grows past the limit while
 * it is read (devices registering meanwhile) is stopped with {@link TooManyTargets}.
 */
final class TargetFinder {
  /** The first page is small, so the first tasks are dispatched while the rest is read. */
  static final long FIRST_PAGE = 250;

  static final long PAGE = 1000;
  private static final Map<String, Object> PROJECTION =
      Map.of("mercury_id", 1, "active", 1, "origin", 1);

  /** Receives the targets a page at a time, in the inventory's {@code _id} order. */
  @FunctionalInterface
  interface Pages {
    void accept(List<Target> page) throws TransportException, RemoteException;
  }

  private final InventoryClient inventory;
  private final int maxTargets;

  TargetFinder(ServiceClient inventory, int maxTargets) {
    this.inventory = new InventoryClient(inventory);
    this.maxTargets = maxTargets;
  }

  /**
   * Reads the targets of {@code query} and hands them to {@code sink} page by page.
   *
   * @throws EndpointException when the query matches more than the limit, before any page is handed over
   * @throws TooManyTargets when more than the limit arrived after pages were handed over
   */
  void find(Map<String, Object> query, Pages sink) throws TransportException, RemoteException {
    long[] seen = {0};
    try {
      scan(query, sink, seen);
    } catch (UnexpectedReplyException e) {
      throw new EndpointException("cannot read the targets: " + e.getMessage());
    }
  }

  private void scan(Map<String, Object> query, Pages sink, long[] seen)
      throws TransportException, RemoteException, UnexpectedReplyException {
    InventoryScan.pages(
        inventory,
        InventoryScan.activeOnly(query),
        PROJECTION,
        FIRST_PAGE,
        PAGE,
        page -> {
          if (seen[0] == 0 && page.total() > maxTargets) {
            throw new EndpointException(tooMany());
          }
          seen[0] += page.devices().size();
          if (seen[0] > maxTargets) {
            throw new TooManyTargets(tooMany());
          }
          List<Target> targets = new ArrayList<>(page.devices().size());
          page.devices().forEach(d -> targets.add(Target.from(d)));
          sink.accept(targets);
        });
  }

  private String tooMany() {
    return "the query matches more than " + maxTargets + " active devices (rpc.max_targets); narrow the query or split the job";
  }

  /** The query grew past the limit while its pages were read. */
  static final class TooManyTargets extends EndpointException {
    TooManyTargets(String message) {
      super(message);
    }
  }
}
