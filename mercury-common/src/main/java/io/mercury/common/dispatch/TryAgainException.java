package io.mercury.common.dispatch;

/**
 * An endpoint could not do its work for a reason expected to pass (its store is unreachable): nothing
 * was decided, and the same request should be sent again later. The client gets {@code error: true}
 * with a message starting {@code "Server busy"}, which agents read as "not acknowledged, retry with a
 * back-off" (as when the request queue is full) rather than as a refusal for good.
 */
public final class TryAgainException extends RuntimeException {
  /** The message the client sees starts with this. */
  public static final String PREFIX = "Server busy, ";

  public TryAgainException(String reason, Throwable cause) {
    super(PREFIX + reason + "; try again later", cause);
  }
}
