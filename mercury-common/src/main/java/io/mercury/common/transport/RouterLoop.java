package io.mercury.common.transport;

import io.mercury.common.security.Caller;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The socket loop of a {@link RouterServer}: it binds the ROUTER socket, reads messages (at most 1,000 a
 * turn, so replies go out under a flood), sorts out the {@link PeerTraffic}, identifies each CURVE caller
 * ({@link CurveCallers}), hands the rest to the {@link RequestDispatch}, and writes the queued replies and
 * requests to clients. It moves frames and runs no application code.
 *
 * <p>Threading: one platform thread, {@code <name>-router}, owns the socket from bind to close; other
 * threads reach it only through the {@link ReplyQueue}, the {@link PeerRequests} queue and the wake-up
 * pipe, which it closes when it ends.
 */
final class RouterLoop {
  private static final Logger log = LoggerFactory.getLogger(RouterServer.class);
  private static final long POLL_MS = 1000;
  private static final int READS_PER_TURN = 1000;

  private final ZContext context;
  private final ServerSettings settings;
  private final ServerCounters counters;
  private final ReplyQueue replies;
  private final PeerTraffic peers;
  private final CurveCallers callers;
  private final RequestDispatch dispatch;
  private final WakeupPipe wakeup;
  private final CountDownLatch bound = new CountDownLatch(1);
  private volatile boolean accepting = true;
  private volatile boolean running = true;
  private volatile String endpoint;
  private volatile RuntimeException bindFailure;
  private Thread thread;

  RouterLoop(
      ZContext context,
      ServerSettings settings,
      ServerCounters counters,
      ReplyQueue replies,
      PeerTraffic peers,
      RequestDispatch dispatch,
      WakeupPipe wakeup) {
    this.context = context;
    this.settings = settings;
    this.counters = counters;
    this.replies = replies;
    this.peers = peers;
    this.callers = settings.curve() == null ? null : new CurveCallers(settings, counters, replies);
    this.dispatch = dispatch;
    this.wakeup = wakeup;
  }

  /**
   * Starts the loop and waits until it has bound; returns the connectable address.
   *
   * @throws IllegalStateException when the address cannot be bound
   */
  String start() {
    thread = Thread.ofPlatform().name(settings.name() + "-router").daemon().unstarted(this::run);
    replies.ownedBy(thread);
    thread.start();
    try {
      bound.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding " + settings.bindAddress(), e);
    }
    if (bindFailure != null) {
      throw bindFailure;
    }
    return endpoint;
  }

  /** The connectable address, once bound. */
  String endpoint() {
    return endpoint;
  }

  /** Any thread: reads no more messages; replies are still written. */
  void stopAccepting() {
    accepting = false;
  }

  /** Any thread: ends the loop once it has written the replies queued, waiting up to {@code waitMs}. */
  void stop(long waitMs) {
    running = false;
    wakeup.wake();
    if (thread != null) {
      try {
        thread.join(waitMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    ZMQ.Socket socket = bind();
    if (socket == null) {
      return;
    }
    log.info(
        "{} listening on {} ({} workers, {})",
        settings.name(),
        endpoint,
        settings.workers(),
        settings.curve() == null ? "plaintext" : "CURVE");
    try (ZMQ.Poller poller = context.createPoller(2)) {
      int socketIndex = poller.register(socket, ZMQ.Poller.POLLIN);
      int wakeIndex = poller.register(wakeup.channel(), ZMQ.Poller.POLLIN);
      while (running) {
        poller.poll(POLL_MS);
        if (poller.pollin(wakeIndex)) {
          wakeup.drain();
        }
        if (accepting && poller.pollin(socketIndex)) {
          readAvailable(socket);
        }
        replies.writeAll(socket);
        peers.writeQueued(socket);
      }
      replies.writeAll(socket);
    } catch (ZMQException e) {
      if (e.getErrorCode() != ZMQ.Error.ETERM.getCode()) {
        log.error("{} socket loop failed", settings.name(), e);
      }
    } finally {
      socket.close();
      wakeup.close();
    }
  }

  /** The bound socket, or null when binding failed (then {@link #start} throws). */
  private ZMQ.Socket bind() {
    try {
      ZMQ.Socket socket = context.createSocket(SocketType.ROUTER);
      socket.setLinger(1000);
      socket.setMaxMsgSize(settings.socketCeilingBytes());
      socket.setMsgAllocator(new BoundedAllocator(settings.socketCeilingBytes()));
      socket.setRcvHWM(100_000);
      socket.setSndHWM(100_000);
      // JeroMQ's default listen backlog is 100: a thousand agents connecting at once (a backend restart)
      // overflowed it, and each dropped SYN cost its agent a retransmission of a second or more
      socket.setBacklog(4096);
      peers.configure(socket);
      if (settings.curve() != null) {
        settings.curve().apply(socket);
      }
      endpoint = Addresses.bind(socket, settings.bindAddress());
      bound.countDown();
      return socket;
    } catch (RuntimeException e) {
      bindFailure =
          new IllegalStateException(
              "cannot bind " + settings.name() + " to " + settings.bindAddress() + ": " + e.getMessage(),
              e);
      bound.countDown();
      return null;
    }
  }

  /**
   * Reads what is waiting. A connection-closed notice comes before the CURVE check: the ROUTER makes it
   * itself, with no user id.
   */
  private void readAvailable(ZMQ.Socket socket) {
    for (int i = 0; i < READS_PER_TURN; i++) {
      Frames.Received message = callers == null ? plaintext(socket) : Frames.receiveWithUser(socket);
      if (message == null) {
        return;
      }
      counters.received.incrementAndGet();
      List<byte[]> frames = message.frames();
      if (peers.tookDisconnect(frames)) {
        continue;
      }
      Caller caller = callers == null ? Caller.unauthenticated() : callers.identify(message);
      if (caller == null || peers.tookReply(frames, caller)) {
        continue;
      }
      dispatch.accept(frames, caller);
    }
  }

  private static Frames.Received plaintext(ZMQ.Socket socket) {
    List<byte[]> frames = Frames.receive(socket);
    return frames == null ? null : new Frames.Received(frames, null);
  }
}
