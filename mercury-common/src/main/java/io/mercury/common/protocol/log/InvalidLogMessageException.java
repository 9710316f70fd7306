package io.mercury.common.protocol.log;

/** A log event or query argument that is malformed; the message names the problem for the sender. */
public final class InvalidLogMessageException extends Exception {
  public InvalidLogMessageException(String message) {
    super(message);
  }
}
