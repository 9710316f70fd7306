package io.mercury.agent.testing;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Raw bytes to a socket over fresh REQ sockets (as the original's workers and pingers do), for payloads
 * a {@link io.mercury.common.transport.ServiceClient} cannot send (malformed msgpack). A fresh JeroMQ
 * connection occasionally never completes its handshake, so an attempt that gets no reply is repeated on
 * a new socket; use it only for requests that may be repeated.
 */
public final class ZmqRequests {
  private static final int ATTEMPT_MS = 3000;
  private static final int ATTEMPTS = 5;

  private ZmqRequests() {}

  /** Sends raw bytes and returns the decoded reply. */
  public static Object sendRaw(ZContext context, String endpoint, byte[] payload) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      try (ZMQ.Socket socket = context.createSocket(SocketType.REQ)) {
        socket.setLinger(0);
        socket.setReceiveTimeOut(ATTEMPT_MS);
        socket.connect(endpoint);
        socket.send(payload, 0);
        byte[] reply = socket.recv(0);
        if (reply != null) {
          return MsgPack.decode(reply);
        }
      } catch (MalformedMessageException e) {
        throw new AssertionError("unreadable reply from " + endpoint, e);
      }
    }
    throw new AssertionError("no reply from " + endpoint + " in " + ATTEMPTS + " attempts");
  }
}
