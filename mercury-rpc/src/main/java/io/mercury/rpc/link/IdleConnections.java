package io.mercury.rpc.link;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.SequencedSet;

/**
 * The proven connections no request is using, by endpoint, oldest first. Owned by the link's loop
 * thread. A connection is taken out while a request uses it and put back after a well-formed reply;
 * one that timed out or answered strangely is closed instead, so it is never here.
 */
final class IdleConnections {
  private final Map<AgentConnection.Endpoint, Deque<AgentConnection>> byEndpoint = new HashMap<>();
  private final SequencedSet<AgentConnection> byAge = new LinkedHashSet<>();

  int size() {
    return byAge.size();
  }

  /** Puts a connection back, idle since {@code now}. */
  void add(AgentConnection connection, long now) {
    connection.idleSince(now);
    byEndpoint.computeIfAbsent(connection.endpoint(), e -> new ArrayDeque<>()).addFirst(connection);
    byAge.addLast(connection);
  }

  /** Takes the most recently used idle connection to {@code endpoint}, or null. */
  AgentConnection take(AgentConnection.Endpoint endpoint) {
    Deque<AgentConnection> connections = byEndpoint.get(endpoint);
    if (connections == null) {
      return null;
    }
    AgentConnection connection = connections.pollFirst();
    if (connections.isEmpty()) {
      byEndpoint.remove(endpoint);
    }
    byAge.remove(connection);
    return connection;
  }

  /** Closes the connection idle for longest; false if there is none. */
  boolean closeOldest() {
    if (byAge.isEmpty()) {
      return false;
    }
    close(byAge.getFirst());
    return true;
  }

  /** Closes the connections idle since before {@code cutoff}; returns how many. */
  int closeIdleSince(long cutoff) {
    int closed = 0;
    while (!byAge.isEmpty() && byAge.getFirst().idleSince() - cutoff <= 0) {
      close(byAge.getFirst());
      closed++;
    }
    return closed;
  }

  void closeAll() {
    for (Iterator<AgentConnection> it = byAge.iterator(); it.hasNext(); ) {
      it.next().close();
    }
    byAge.clear();
    byEndpoint.clear();
  }

  private void close(AgentConnection connection) {
    byAge.remove(connection);
    Deque<AgentConnection> connections = byEndpoint.get(connection.endpoint());
    connections.remove(connection);
    if (connections.isEmpty()) {
      byEndpoint.remove(connection.endpoint());
    }
    connection.close();
  }
}
