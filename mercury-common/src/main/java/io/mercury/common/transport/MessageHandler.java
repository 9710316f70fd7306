package io.mercury.common.transport;

import io.mercury.common.security.Caller;

/**
 * Turns one request payload into one reply payload. Runs on a worker thread, never on the socket's
 * thread. An exception escaping it is turned into a generic error reply by the server.
 */
@FunctionalInterface
public interface MessageHandler {
  /**
   * @param payload the request, as received
   * @param caller who sent it, as the transport authenticated them
   */
  byte[] handle(byte[] payload, Caller caller);
}
