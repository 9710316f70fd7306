package io.mercury.cli.client;

import io.mercury.common.security.CurveClient;
import io.mercury.common.transport.TransportException;
import java.time.Duration;

/**
 * The one line mcli prints when a service did not answer, saying which of four different problems it
 * was (each has another fix) and how long mcli waited in all: nothing listens (start it, or the address
 * is wrong); no connection (host down or a firewall); connected but no handshake (with CURVE: a key not
 * accepted or the wrong server key; without: a service that expects CURVE); handshaken but no reply (the
 * service is stuck or overloaded).
 */
public final class Unreachable {
  private Unreachable() {}

  /**
   * @param service as the operator knows it ("rpc", "inventory", "the backend")
   * @param curve this client's CURVE settings, null with CURVE off
   */
  public static String describe(String service, String endpoint, TransportException e, CurveClient curve) {
    String waited = seconds(e.waited());
    return switch (e.reach()) {
      case REFUSED ->
          "cannot reach " + service + " at " + endpoint + ": nothing listens there (connection refused;"
              + " 'bin/mercury status' shows what runs where)";
      case NO_CONNECTION ->
          "cannot reach " + service + " at " + endpoint + ": no connection within " + waited
              + " (the host does not answer: down, a wrong address, or a firewall)";
      case HANDSHAKE_FAILED ->
          "cannot reach " + service + " at " + endpoint + ": it took the connection but no ZeroMQ handshake completed within " + waited
              + (curve == null
                  ? " (CURVE is off here; does the service expect CURVE?)"
                  : " (with CURVE: this key, " + curve.key().fingerprint()
                      + ", is not accepted there, or the server key is not the service's)");
      case CONNECTED -> "no reply from " + service + " at " + endpoint + " within " + waited;
    };
  }

  /** A duration as mcli writes it: {@code 5s}, {@code 0.5s}. */
  public static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : (ms / 1000.0) + "s";
  }
}
