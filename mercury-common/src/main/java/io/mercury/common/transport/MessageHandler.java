package io.mercury.common.transport;

import io.mercury.common.security.Caller;

/**
 * Turns one request payload into one reply payload. Runs on a worker thread, unless {@link
 * #answersOnSocketThread} says the message is answered at once. An exception escaping it is turned into
 * a generic error reply by the server.
 */
@FunctionalInterface
public interface MessageHandler {
  /**
   * @param payload the request, as received
   * @param caller who sent it, as the transport authenticated them
   */
  byte[] handle(byte[] payload, Caller caller);

  /**
   * As {@link #handle(byte[], Caller)}, also told which connection sent the message, for a service that
   * sends requests back over it (the RPC backend's agent channel). The default ignores the peer.
   *
   * @param peer the connection, or null when the message did not come straight from a client's DEALER
   *     (a REQ client, a proxy, a malformed envelope): nothing can be sent back to it outside a reply
   */
  default byte[] handle(byte[] payload, Caller caller, Peer peer) {
    return handle(payload, caller);
  }

  /**
   * Whether {@link #handle} answers this message at once, never waiting on anything (no store, no
   * network, no lock held for long), so the server may call it on the socket's own thread and save the
   * hand-off to a worker and back (two thread wake-ups, which cost more than a small request's work).
   * Called on the socket's thread for every message, so it must itself be cheap. False by default.
   */
  default boolean answersOnSocketThread(byte[] payload, Caller caller) {
    return false;
  }
}
