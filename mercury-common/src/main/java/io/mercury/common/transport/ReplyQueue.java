package io.mercury.common.transport;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * A {@link RouterServer}'s replies on their way out: each is its request's envelope and a payload.
 *
 * <p>Threading: any thread {@link #add}s a reply; one queued from another thread than the loop wakes the
 * loop, one queued on the loop itself is written at the end of its turn. Only the loop thread, which owns
 * the socket, {@link #writeAll writes} them.
 */
final class ReplyQueue {
  private static final Logger log = LoggerFactory.getLogger(RouterServer.class);

  private final String name;
  private final WakeupPipe wakeup;
  private final ServerCounters counters;
  private final Queue<List<byte[]>> outgoing = new ConcurrentLinkedQueue<>();
  private volatile Thread loop;

  ReplyQueue(String name, WakeupPipe wakeup, ServerCounters counters) {
    this.name = name;
    this.wakeup = wakeup;
    this.counters = counters;
  }

  /** A reply built by the transport itself: the original's error reply with {@code message}. */
  static byte[] error(String message) {
    return MsgPack.encode(Reply.failure(message).toWire());
  }

  /** Before the loop starts: the thread that writes, which need not wake itself. */
  void ownedBy(Thread loop) {
    this.loop = loop;
  }

  /** Any thread: queues {@code reply} to go back with {@code envelope}. */
  void add(List<byte[]> envelope, byte[] reply) {
    List<byte[]> frames = new ArrayList<>(envelope.size() + 1);
    frames.addAll(envelope);
    frames.add(reply);
    outgoing.add(frames);
    if (Thread.currentThread() != loop) {
      wakeup.wake();
    }
  }

  /** Loop thread: writes every queued reply. */
  void writeAll(ZMQ.Socket socket) {
    List<byte[]> frames;
    while ((frames = outgoing.poll()) != null) {
      if (send(socket, frames)) {
        counters.replied.incrementAndGet();
      }
    }
  }

  /**
   * Writes one message; false when it could not be (its connection is gone, or its queue is full). A
   * mandatory ROUTER throws for a gone connection: that ends this message, never the loop.
   */
  private boolean send(ZMQ.Socket socket, List<byte[]> frames) {
    int last = frames.size() - 1;
    try {
      // the first frame routes the message: when it cannot go, nothing of the message goes
      if (!socket.send(frames.get(0), last == 0 ? ZMQ.DONTWAIT : ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
        return false;
      }
      for (int i = 1; i < last; i++) {
        socket.send(frames.get(i), ZMQ.SNDMORE | ZMQ.DONTWAIT);
      }
      if (last > 0) {
        socket.send(frames.get(last), ZMQ.DONTWAIT);
      }
      return true;
    } catch (ZMQException e) {
      if (e.getErrorCode() == ZMQ.Error.ETERM.getCode()) {
        throw e;
      }
      log.debug("{}: a reply could not be written: {}", name, e.getMessage());
      return false;
    }
  }
}
