package io.mercury.common.transport;

/**
 * How far a client got towards a service when a request failed, from the ZeroMQ socket monitor: the
 * difference between a service that is not running, one behind a dead host or a firewall, one that
 * refuses this client's key, and one that is up but does not answer. Each calls for another fix.
 */
public enum Reach {
  /** No TCP connection and no refusal: the host does not answer (down, unroutable, or packets dropped). */
  NO_CONNECTION,
  /** The connection was refused: nothing listens at the address. */
  REFUSED,
  /**
   * A TCP connection, but the ZeroMQ handshake did not complete: with CURVE, the service refused this
   * client's key or its server key is not the one configured; or the peer is not a ZeroMQ service.
   */
  HANDSHAKE_FAILED,
  /** Connected and handshaken: the service did not reply in time. */
  CONNECTED
}
