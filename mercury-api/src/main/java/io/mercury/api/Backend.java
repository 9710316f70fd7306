package io.mercury.api;

import io.mercury.common.protocol.Request;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.util.List;
import java.util.Map;

/**
 * One service behind the API (the inventory or the RPC frontend). No reply is a 503; a refusal (a bad
 * query, a bad instruction) is a 400 carrying the service's message.
 */
public final class Backend {
  private final String name;
  private final ServiceClient client;

  public Backend(String name, ServiceClient client) {
    this.name = name;
    this.client = client;
  }

  /**
   * Calls an endpoint.
   *
   * @param idempotent whether the request may be resent after a timeout
   */
  Object call(String endpoint, List<Object> args, Map<String, Object> kwargs, boolean idempotent) {
    try {
      return client.invoke(new Request(endpoint, args, kwargs), idempotent);
    } catch (TransportException e) {
      throw new ApiError(503, name + " is unavailable: " + e.getMessage());
    } catch (RemoteException e) {
      String message = e.getMessage() == null ? "(no message)" : e.getMessage();
      throw ApiError.badRequest(name + " refused the request: " + message.lines().findFirst().orElse(message));
    }
  }

  Object call(String endpoint, List<Object> args, Map<String, Object> kwargs) {
    return call(endpoint, args, kwargs, true);
  }
}
