package io.mercury.common.protocol;

/**
 * A service answered {@code error: false} with a message of the wrong shape, e.g. a list where a map
 * was due. The reply reached us, so this is neither a transport failure nor a refusal.
 */
public final class UnexpectedReplyException extends Exception {
  private final String endpoint;

  /**
   * @param service the service's name, e.g. {@code inventory}
   * @param endpoint the endpoint's wire name
   * @param reply the message that did not fit
   */
  public UnexpectedReplyException(String service, String endpoint, Object reply) {
    super("unexpected reply from " + service + " " + endpoint + ": " + (reply == null ? "null" : reply.getClass().getSimpleName()));
    this.endpoint = endpoint;
  }

  /** The endpoint's wire name. */
  public String endpoint() {
    return endpoint;
  }
}
