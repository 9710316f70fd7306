package io.mercury.rpc.link;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * An {@link AgentLink}'s connections: the idle ones kept for the next request to their endpoint, and
 * new ones opened within {@link LinkSettings#maxConnections()}. Owned by the link's loop thread; it
 * keeps the link's idle count and reuse counter current.
 */
final class LinkConnections {
  private static final Logger log = LoggerFactory.getLogger(LinkConnections.class);
  private static final AtomicLong MONITORS = new AtomicLong();

  private final ZContext context;
  private final String name;
  private final LinkSettings settings;
  private final LinkGauges gauges;
  private final LinkCounters counters;
  private final IdleConnections idle = new IdleConnections();

  LinkConnections(ZContext context, String name, LinkSettings settings, LinkGauges gauges, LinkCounters counters) {
    this.context = context;
    this.name = name;
    this.settings = settings;
    this.gauges = gauges;
    this.counters = counters;
  }

  /**
   * An idle connection to {@code endpoint}, or null when there is none. An idle connection holding a
   * message nobody asked for (a reply to a request that had already got one) is closed, not returned.
   */
  AgentConnection takeIdle(AgentConnection.Endpoint endpoint) {
    AgentConnection connection;
    while ((connection = idle.take(endpoint)) != null) {
      idleChanged();
      if (!connection.readable()) {
        counters.reused.incrementAndGet();
        return connection;
      }
      log.warn("closing the connection to {}: it holds a message no request asked for", endpoint.address());
      connection.close();
    }
    return null;
  }

  /**
   * Opens a connection for {@code call}, closing the oldest idle one first when {@link
   * LinkSettings#maxConnections()} are open.
   *
   * @throws RuntimeException (a ZMQException, or zmq.ZError.IOException when out of file descriptors)
   *     when its sockets cannot be opened
   */
  AgentConnection open(LinkCall call, long now) {
    if (gauges.connections.get() >= settings.maxConnections()) {
      makeRoom();
    }
    AgentConnection connection =
        new AgentConnection(
            call.endpoint, call.curve, context, () -> "inproc://" + name + "-monitor-" + MONITORS.incrementAndGet(), gauges);
    connection.open(now);
    counters.opened.incrementAndGet();
    return connection;
  }

  /** Keeps a connection that answered well for the next request to its endpoint (or closes it: no reuse). */
  void release(AgentConnection connection, long now) {
    if (settings.idleTimeout().isZero()) {
      connection.close();
      return;
    }
    idle.add(connection, now);
    idleChanged();
  }

  /** Closes the idle connection unused for longest, if any: its sockets go back to the context once reaped. */
  void makeRoom() {
    if (idle.closeOldest()) {
      idleChanged();
    }
  }

  /** Closes the connections idle since before {@code cutoff} (System.nanoTime). */
  void closeIdleSince(long cutoff) {
    if (idle.closeIdleSince(cutoff) > 0) {
      idleChanged();
    }
  }

  void closeAll() {
    idle.closeAll();
    idleChanged();
  }

  private void idleChanged() {
    counters.idleCount.set(idle.size());
  }
}
