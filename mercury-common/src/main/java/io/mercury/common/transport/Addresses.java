package io.mercury.common.transport;

import org.zeromq.ZMQ;

/** Binding helpers: ephemeral ports and the connectable form of a wildcard address. */
public final class Addresses {
  private Addresses() {}

  /**
   * Binds {@code socket} to {@code address}. A port of {@code 0} or {@code *} binds a free ephemeral
   * port. Returns an address a local client can connect to.
   */
  public static String bind(ZMQ.Socket socket, String address) {
    int colon = address.lastIndexOf(':');
    if (!address.startsWith("tcp://") || colon < "tcp://".length()) {
      socket.bind(address);
      return address;
    }
    String hostPart = address.substring(0, colon);
    String port = address.substring(colon + 1);
    int bound;
    if (port.equals("0") || port.equals("*")) {
      bound = socket.bindToRandomPort(hostPart);
    } else {
      socket.bind(address);
      bound = Integer.parseInt(port);
    }
    String host = hostPart.substring("tcp://".length());
    if (host.equals("*") || host.equals("0.0.0.0")) {
      host = "127.0.0.1";
    }
    return "tcp://" + host + ":" + bound;
  }

  /**
   * The port of {@code tcp://host:port}.
   *
   * @throws IllegalArgumentException when the address has no numeric port
   */
  public static int port(String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    try {
      return Integer.parseInt(endpoint.substring(colon + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("no port in endpoint '" + endpoint + "'", e);
    }
  }
}
