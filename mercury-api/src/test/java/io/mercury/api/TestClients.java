package io.mercury.api;

import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZContext;

/**
 * The API's service clients in a test, closed before their ZeroMQ context: JeroMQ 0.6.0 can wedge when a
 * context terminates while a client's loop is opening a connection (a test hung CI that way).
 */
final class TestClients implements AutoCloseable {
  private final ZContext context = new ZContext();
  private final List<ServiceClient> clients = new ArrayList<>();

  /** A backend of the API for service {@code name} at {@code endpoint}. */
  Backend backend(String name, String endpoint, ClientSettings settings) {
    ServiceClient client = new ServiceClient(context, endpoint, settings);
    clients.add(client);
    return new Backend(name, client);
  }

  /** As {@link #backend(String, String, ClientSettings)} with the default settings. */
  Backend backend(String name, String endpoint) {
    return backend(name, endpoint, ClientSettings.defaults(name));
  }

  @Override
  public void close() {
    clients.forEach(ServiceClient::close);
    context.close();
  }
}
