package io.mercury.common.transport;

import io.mercury.common.codec.MsgPack;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

/**
 * Requests a server sends over a {@link ServiceClient}'s connection (the agent channel, {@link
 * PeerRequests}): each runs on one of two workers of this object's own with the client's {@link
 * ServiceClient.Inbound}, and its reply, {@code [0x02 + id][empty][reply]}, waits here until the loop
 * writes it. A request that finds the workers' queue (1,000) full is answered at once with a "busy"
 * error; one whose handler throws gets a generic error.
 *
 * <p>Threading: the client's loop thread hands requests over ({@link #serve}, {@link #connected}) and
 * writes the replies ({@link #writeReplies}); the handler runs only on the workers, never on the loop.
 */
final class InboundRequests {
  private static final Logger log = LoggerFactory.getLogger(ServiceClient.class);
  private static final byte[] EMPTY = new byte[0];
  private static final int WORKERS = 2;
  private static final int QUEUE = 1000;
  private static final byte[] BUSY =
      MsgPack.encode(Map.of("error", true, "message", "Server busy, try again later"));

  private final String serviceName;
  private final ServiceClient.Inbound handler;
  private final Runnable wake;
  private final ThreadPoolExecutor workers;
  private final Queue<byte[][]> replies = new ConcurrentLinkedQueue<>();

  /** @param wake wakes the client's loop, so it writes a reply that is ready */
  InboundRequests(String serviceName, ServiceClient.Inbound handler, Runnable wake) {
    this.serviceName = serviceName;
    this.handler = handler;
    this.wake = wake;
    this.workers =
        new ThreadPoolExecutor(
            WORKERS,
            WORKERS,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            Thread.ofPlatform().name(serviceName + "-inbound-", 1).daemon().factory());
  }

  /** Loop thread: a connection was proven; the handler is told on a worker. */
  void connected() {
    run(handler::connected);
  }

  /** Loop thread: a request from the server, {@code [0x01 + id][empty][payload]}, handed to a worker. */
  void serve(byte[] correlation, byte[] payload) {
    byte[] replyId = correlation.clone();
    replyId[0] = PeerRequests.REPLY;
    boolean taken =
        run(
            () -> {
              byte[] reply;
              try {
                reply = handler.handle(payload);
              } catch (RuntimeException e) {
                log.error("{}: a request from the server failed", serviceName, e);
                reply = MsgPack.encode(Map.of("error", true, "message", "Encountered agent error, sorry"));
              }
              replies.add(new byte[][] {replyId, reply});
              wake.run();
            });
    if (!taken) {
      replies.add(new byte[][] {replyId, BUSY});
    }
  }

  private boolean run(Runnable work) {
    try {
      workers.execute(work);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /**
   * Loop thread: replies to the server's requests, on whichever connection is current: the server
   * matches them by id and key, not by connection, so one answered across a reconnect still counts.
   */
  void writeReplies(ZMQ.Socket socket) {
    byte[][] reply;
    while ((reply = replies.poll()) != null) {
      boolean sent =
          socket.send(reply[0], ZMQ.SNDMORE | ZMQ.DONTWAIT)
              && socket.send(EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT)
              && socket.send(reply[1], ZMQ.DONTWAIT);
      if (!sent) {
        log.warn("{}: a reply to the server was dropped: send buffer full", serviceName);
      }
    }
  }

  /** Any thread: stops the workers, interrupting requests still running. */
  void close() {
    workers.shutdownNow();
  }
}
