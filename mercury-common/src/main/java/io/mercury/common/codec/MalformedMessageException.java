package io.mercury.common.codec;

/** The bytes received are not a message we can read: not msgpack, truncated, or of an unsupported type. */
public final class MalformedMessageException extends Exception {
  public MalformedMessageException(String message) {
    super(message);
  }

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
