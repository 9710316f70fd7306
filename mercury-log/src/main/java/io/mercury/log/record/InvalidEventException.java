package io.mercury.log.record;

/** An incoming record or event that cannot be stored; the message says why, for the sender. */
public final class InvalidEventException extends Exception {
  public InvalidEventException(String message) {
    super(message);
  }
}
