package io.mercury.api;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What "loopback only" means for the API without tokens: the address it listens on resolves to loopback
 * addresses only, and each request's peer (the socket's remote address, not a header) is a loopback
 * address. A name is resolved, never judged by its spelling: {@code 127.example.com} can point anywhere.
 */
final class Loopback {
  private Loopback() {}

  /**
   * Checks the address the API is to listen on.
   *
   * @throws IllegalArgumentException when it does not resolve, or resolves to an address that is not
   *     loopback
   */
  static void requireBindHost(String host) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "api.host is " + host + ", which does not resolve, and api.auth.tokens is empty: without tokens the API must"
              + " listen on a loopback address (127.0.0.1, ::1 or localhost)");
    }
    for (InetAddress address : addresses) {
      if (!address.isLoopbackAddress()) {
        throw new IllegalArgumentException(
            "api.host is " + host + ", not loopback (" + address.getHostAddress() + "), and api.auth.tokens is empty:"
                + " configure token digests (mercury-api --hash-token) or listen on 127.0.0.1");
      }
    }
  }

  /** A before-handler: refuses with 403 a request whose peer is not a loopback address. */
  static void requirePeer(Context ctx) {
    String peer = ctx.req().getRemoteAddr();
    if (!isLoopbackAddress(peer)) {
      throw new ApiError(403, "without api.auth.tokens the API serves loopback clients only; " + peer + " is not one");
    }
  }

  /** Whether a literal IP address (as a socket reports it; IPv6 possibly in brackets) is a loopback one. */
  static boolean isLoopbackAddress(String literal) {
    if (literal == null || !(literal.indexOf(':') >= 0 || literal.matches("[0-9.]+"))) {
      return false; // not a literal: resolving it would ask DNS
    }
    try {
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
