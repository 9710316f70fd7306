package io.mercury.common.transport;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One connection to a {@link RouterServer}, as its ROUTER names it (the routing id). Handed to a {@link
 * MessageHandler} for a message that came straight from a client's DEALER ({@code [routing id][request
 * id][empty][payload]}), so the service can later send requests back over that same connection ({@link
 * PeerRequests}). A routing id names a connection, not a client: a client that reconnects gets a new one.
 */
@SuppressWarnings("ArrayRecordComponent") // the wire's routing id; equals, hashCode and toString are by content
public record Peer(byte[] routingId) {
  public Peer {
    routingId = routingId.clone();
  }

  @Override
  public byte[] routingId() {
    return routingId.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Peer p && Arrays.equals(routingId, p.routingId);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(routingId);
  }

  @Override
  public String toString() {
    return "Peer[" + HexFormat.of().formatHex(routingId) + "]";
  }
}
