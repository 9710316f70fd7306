package io.mercury.common.transport;

import io.mercury.common.security.Caller;
import java.util.List;
import org.zeromq.ZMQ;

/**
 * The glue between a {@link RouterServer}'s loop and its {@link PeerRequests}: it sets the socket up for
 * them (a mandatory ROUTER that reports closed connections), takes the connection-closed notices and the
 * clients' replies out of the stream of messages, and writes the queued requests. Without {@link
 * PeerRequests} it takes nothing and writes nothing.
 *
 * <p>Threading: the server's loop thread only (the {@link PeerRequests} it feeds wakes that loop).
 */
final class PeerTraffic {
  private final PeerRequests peers;
  private final ReplyQueue replies;

  /** @param peers the requests to carry, or null for a server that sends none */
  PeerTraffic(PeerRequests peers, ReplyQueue replies, WakeupPipe wakeup) {
    this.peers = peers;
    this.replies = replies;
    if (peers != null) {
      peers.attach(wakeup::wake);
    }
  }

  /** Before binding. */
  void configure(ZMQ.Socket socket) {
    if (peers != null) {
      socket.setRouterMandatory(true);
      // [routing id][DISCONNECTED] when a client's connection closes (PeerRequests)
      socket.base().setSocketOpt(zmq.ZMQ.ZMQ_DISCONNECT_MSG, PeerRequests.DISCONNECTED);
    }
  }

  /** Whether the message was the ROUTER's notice that a connection closed (made by it: no user id). */
  boolean tookDisconnect(List<byte[]> frames) {
    if (peers != null && PeerRequests.isDisconnect(frames)) {
      peers.disconnected(new Peer(frames.get(0)));
      return true;
    }
    return false;
  }

  /**
   * Whether the message was a client's reply to one of the server's requests. One that matches nothing
   * (late, unknown, or from another key than the request's) is answered like any message.
   */
  boolean tookReply(List<byte[]> frames, Caller caller) {
    if (peers == null || !PeerRequests.isReply(frames)) {
      return false;
    }
    if (!peers.complete(frames, caller)) {
      replies.add(
          List.copyOf(frames.subList(0, frames.size() - 1)),
          ReplyQueue.error("Client error, this reply answers no request of this server"));
    }
    return true;
  }

  /** Writes the requests queued for clients. */
  void writeQueued(ZMQ.Socket socket) {
    if (peers != null) {
      peers.writeQueued(socket);
    }
  }
}
