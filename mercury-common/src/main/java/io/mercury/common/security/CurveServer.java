package io.mercury.common.security;

import java.util.Objects;
import org.zeromq.ZMQ;

/**
 * Makes a server socket a CURVE server whose connections are authorised by a {@link ZapAuthenticator}
 * under {@code zapDomain}. Created by {@link ZapAuthenticator#server}; {@code allowList} is the same list
 * the ZAP handler uses, for the per-message re-check.
 *
 * @param key the server's key pair (with its secret key)
 * @param zapDomain the ZAP domain the authenticator knows this server's allow-list by
 * @param allowList who may connect, and as whom
 */
public record CurveServer(CurveKeyPair key, String zapDomain, AllowList allowList) {
  public CurveServer {
    Objects.requireNonNull(key, "key is null");
    Objects.requireNonNull(zapDomain, "zapDomain is null");
    Objects.requireNonNull(allowList, "allowList is null");
    if (!key.hasSecret()) {
      throw new IllegalArgumentException("a CURVE server needs its secret key");
    }
  }

  /** Sets the CURVE server options; call before bind. */
  public void apply(ZMQ.Socket socket) {
    socket.setZapDomain(zapDomain);
    socket.setCurveServer(true);
    socket.setCurveSecretKey(key.secretBytes());
    socket.setCurvePublicKey(key.publicBytes());
  }
}
