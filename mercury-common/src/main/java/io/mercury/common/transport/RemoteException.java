package io.mercury.common.transport;

import java.util.List;

/** The service answered with {@code error: true}. The message is the service's own explanation. */
public final class RemoteException extends Exception {
  private final List<String> traceback;

  public RemoteException(String message, List<String> traceback) {
    super(message);
    this.traceback = traceback == null ? List.of() : List.copyOf(traceback);
  }

  public List<String> traceback() {
    return traceback;
  }
}
