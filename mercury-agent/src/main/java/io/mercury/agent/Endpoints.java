package io.mercury.agent;

import org.zeromq.ZMQ;

/**
 * Binding and reading ZeroMQ tcp endpoints. (mercury-common's binding helper is internal to its
 * transport package, so the pong socket binds here.)
 */
final class Endpoints {
  private Endpoints() {}

  /** Binds {@code tcp://host:port}, port 0 or * meaning an ephemeral port; returns the port bound. */
  static int bind(ZMQ.Socket socket, String address) {
    int colon = address.lastIndexOf(':');
    if (!address.startsWith("tcp://") || colon < "tcp://".length()) {
      throw new IllegalArgumentException("expected tcp://HOST:PORT, got '" + address + "'");
    }
    String port = address.substring(colon + 1);
    if (port.equals("0") || port.equals("*")) {
      return socket.bindToRandomPort(address.substring(0, colon));
    }
    socket.bind(address);
    return port(address);
  }

  /** The port of {@code tcp://host:port}. */
  static int port(String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    try {
      return Integer.parseInt(endpoint.substring(colon + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("no port in endpoint '" + endpoint + "'", e);
    }
  }

  /** The address a local client connects to: a wildcard host becomes 127.0.0.1. */
  static String connectable(String bindAddress, int port) {
    String host = bindAddress.substring("tcp://".length(), bindAddress.lastIndexOf(':'));
    if (host.equals("*") || host.equals("0.0.0.0")) {
      host = "127.0.0.1";
    }
    return "tcp://" + host + ":" + port;
  }
}
