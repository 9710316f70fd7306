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

  /** A message's frames and the ZAP user id (the CURVE client key) its connection authenticated as. */
  record Received(List<byte[]> frames, String userId) {}

  /**
   * The frames of the next message and its ZAP user id, or null when none is waiting. The user id is
   * read from the last frame's {@code User-Id} property; it is null on a connection ZAP did not
   * authenticate.
   */
  static Received receiveWithUser(ZMQ.Socket socket) {
    zmq.Msg first = socket.recvMsg(ZMQ.DONTWAIT);
    if (first == null) {
      return null;
    }
    List<byte[]> frames = new ArrayList<>(4);
    frames.add(first.data());
    zmq.Msg last = first;
    while (last.hasMore()) {
      last = socket.recvMsg(0);
      frames.add(last.data());
    }
    zmq.io.Metadata metadata = last.getMetadata();
    String user = metadata == null ? null : metadata.get(zmq.io.Metadata.USER_ID);
    return new Received(frames, user == null || user.isEmpty() ? null : user);
  }
}
