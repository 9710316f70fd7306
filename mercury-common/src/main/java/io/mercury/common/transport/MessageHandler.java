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
   * Whether {@link #handle} answers this message at once, never waiting on anything (no store, no
   * network, no lock held for long), so the server may call it on the socket's own thread and save the
   * hand-off to a worker and back (two thread wake-ups, which cost more than a small request's work).
   * Called on the socket's thread for every message, so it must itself be cheap. False by default.
   */
  default boolean answersOnSocketThread(byte[] payload, Caller caller) {
    return false;
  }
}
