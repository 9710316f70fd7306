package io.mercury.cli.client;

/**
 * A service call did not succeed: the service could not be reached, its reply could not be read, or it
 * answered with an error. The message is one line, ready for the operator.
 */
public final class ServiceException extends Exception {
  public ServiceException(String message) {
    super(message);
  }

  public ServiceException(String message, Throwable cause) {
    super(message, cause);
  }
}
