package io.mercury.common.transport;

/**
 * Turns one request payload into one reply payload. Runs on a worker thread, never on the socket's
 * thread. An exception escaping it is turned into a generic error reply by the server.
 */
@FunctionalInterface
public interface MessageHandler {
  byte[] handle(byte[] payload);
}
