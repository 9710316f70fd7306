package io.mercury.common.dispatch;

/**
 * An expected refusal by an endpoint (bad data, missing record). The client gets {@code error: true} with
 * this message; nothing is logged above INFO and no traceback is sent.
 */
public class EndpointException extends RuntimeException {
  public EndpointException(String message) {
    super(message);
  }
}
