package io.mercury.common.transport;

import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZMQ;

/** Reading whole multipart messages; called only by the thread that owns the socket. */
final class Frames {
  private Frames() {}

  /** The frames of the next message, or null when none is waiting. */
  static List<byte[]> receive(ZMQ.Socket socket) {
    byte[] first = socket.recv(ZMQ.DONTWAIT);
    if (first == null) {
      return null;
    }
    List<byte[]> frames = new ArrayList<>(4);
    frames.add(first);
    while (socket.hasReceiveMore()) {
      frames.add(socket.recv(0));
    }
    return frames;
  }
}
