package io.mercury.common.transport;

import java.time.Duration;

/**
 * No usable reply came back: the service did not answer in time, the connection was reset, or the reply
 * could not be read. The request may or may not have been processed.
 */
public final class TransportException extends Exception {
  private final Reach reach;
  private final Duration waited;
  private final boolean sent;

  public TransportException(String message) {
    this(message, Reach.CONNECTED, Duration.ZERO, true);
  }

  /**
   * @param reach how far the client got: tells a stopped service from a refused key or a hung one
   * @param waited how long the caller waited, all attempts together
   * @param sent whether the request was written to a connection (and so may have been processed)
   */
  public TransportException(String message, Reach reach, Duration waited, boolean sent) {
    super(message);
    this.reach = reach;
    this.waited = waited;
    this.sent = sent;
  }

  public TransportException(String message, Throwable cause) {
    super(message, cause);
    this.reach = Reach.CONNECTED;
    this.waited = Duration.ZERO;
    this.sent = true;
  }

  /** Whether the request was written to a connection; when not, it was certainly not processed. */
  public boolean sent() {
    return sent;
  }

  /** How long the caller waited for the service, all attempts together (zero when not known). */
  public Duration waited() {
    return waited;
  }

  /** How far the client got towards the service; {@link Reach#CONNECTED} when it is not known. */
  public Reach reach() {
    return reach;
  }
}
