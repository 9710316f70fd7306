package io.mercury.common.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Raw frames to a ROUTER for tests: what a client that does not frame as Mercury's would send. */
final class RawDealer {
  private RawDealer() {}

  /** Sends {@code frames} on a fresh DEALER and returns the reply's frames, or null when none came in time. */
  static List<byte[]> exchange(ZContext ctx, String endpoint, Duration timeout, byte[]... frames) {
    try (ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER)) {
      dealer.setLinger(0);
      dealer.setReceiveTimeOut((int) timeout.toMillis());
      dealer.connect(endpoint);
      for (int i = 0; i < frames.length; i++) {
        dealer.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
      }
      byte[] first = dealer.recv(0);
      if (first == null) {
        return null;
      }
      List<byte[]> reply = new ArrayList<>();
      reply.add(first);
      while (dealer.hasReceiveMore()) {
        reply.add(dealer.recv(0));
      }
      return reply;
    }
  }
}
