package io.mercury.common.transport;

/**
 * How far a {@link ServiceClient} has got towards its service ({@link Reach}), read from its connection's
 * socket monitor events and its answered probes, for the diagnosis a failed call carries.
 *
 * <p>Threading: only the client's loop thread reports events; callers read {@link #current()} and {@link
 * #refusedFor} from any thread. Whether a handshake was refused since the last answered probe is the loop
 * thread's alone.
 */
final class ClientReach {
  private volatile Reach reach = Reach.NO_CONNECTION;
  private volatile long refusedSinceNanos;
  /** A handshake failed (CURVE or ZAP) since the last answered probe; owned by the loop thread. */
  private boolean handshakeRefused;

  /** Any thread. */
  Reach current() {
    return reach;
  }

  /** Any thread: whether every connection attempt has been refused for at least {@code nanos}. */
  boolean refusedFor(long nanos) {
    return reach == Reach.REFUSED && System.nanoTime() - refusedSinceNanos >= nanos;
  }

  /**
   * Loop thread: the ZMTP greeting came back. JeroMQ reports it before CURVE and ZAP have had their say:
   * after a refusal (a libzmq server's ZAP denial, on every reconnect) only an answered probe proves it.
   */
  void greeted() {
    if (!handshakeRefused) {
      reach = Reach.CONNECTED;
    }
  }

  /** Loop thread: a TCP connection; so far no handshake. */
  void tcpConnected() {
    if (reach != Reach.CONNECTED) {
      reach = Reach.HANDSHAKE_FAILED;
    }
  }

  /**
   * Loop thread: a connection attempt is being retried. That also happens when a peer that took the
   * connection closed it (a CURVE server refusing a plaintext client): a failed handshake, not a refusal.
   */
  void connectRetried() {
    if (reach != Reach.REFUSED && reach != Reach.HANDSHAKE_FAILED) {
      refusedSinceNanos = System.nanoTime();
      reach = Reach.REFUSED;
    }
  }

  /** Loop thread: the handshake failed, or the peer closed a connection before it was proven. */
  void handshakeFailed() {
    reach = Reach.HANDSHAKE_FAILED;
    handshakeRefused = true;
  }

  /** Loop thread: a probe was answered. */
  void proven() {
    handshakeRefused = false;
    reach = Reach.CONNECTED;
  }
}
