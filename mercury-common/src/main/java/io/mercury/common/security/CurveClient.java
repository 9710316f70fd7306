package io.mercury.common.security;

import java.util.Objects;
import org.zeromq.ZMQ;

/**
 * Makes a client socket a CURVE client: it proves it holds {@code key} and talks only to the server
 * holding the secret of {@code serverPublicKey}. A wrong server key means no connection, never a
 * connection to the wrong server.
 *
 * @param key the client's key pair (with its secret key)
 * @param serverPublicKey the server's Z85 public key
 */
public record CurveClient(CurveKeyPair key, String serverPublicKey) {
  public CurveClient {
    Objects.requireNonNull(key, "key is null");
    if (!key.hasSecret()) {
      throw new IllegalArgumentException("a CURVE client needs its secret key");
    }
    CurveKeyPair.publicOnly(serverPublicKey); // validates
  }

  /** The same client key towards another server. */
  public CurveClient toServer(String otherServerPublicKey) {
    return new CurveClient(key, otherServerPublicKey);
  }

  /** Sets the CURVE client options; call before connect. */
  public void apply(ZMQ.Socket socket) {
    socket.setCurveServerKey(ZMQ.Curve.z85Decode(serverPublicKey));
    socket.setCurvePublicKey(key.publicBytes());
    socket.setCurveSecretKey(key.secretBytes());
  }
}
