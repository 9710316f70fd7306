package io.mercury.common.transport;

/**
 * No usable reply came back: the service did not answer in time, the connection was reset, or the reply
 * could not be read. The request may or may not have been processed.
 */
public final class TransportException extends Exception {
  public TransportException(String message) {
    super(message);
  }

  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
