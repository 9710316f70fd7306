package io.mercury.common.transport;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.KeepAlive;
import io.mercury.common.protocol.Reply;
import io.mercury.common.security.Caller;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * A ZeroMQ ROUTER service compatible with the original's framing: every frame but the last is the return
 * envelope, the last is the payload, and each request gets exactly one reply with the same envelope.
 *
 * <p>Threading: one loop thread owns the ROUTER socket. It reads frames, checks the frame count and size,
 * and hands each payload to a fixed pool of worker threads that run the {@link MessageHandler}. Workers
 * never touch the socket: they queue the reply and wake the loop through a pipe, and the loop writes it.
 * The loop runs no application code; the only replies it builds itself are the transport errors (too few
 * frames, too large, server busy), so a slow endpoint can never stall reading or replying.
 *
 * <p>Every malformed input is answered: a two-frame message (a DEALER that sent no empty delimiter) is
 * answered on its identity; a payload over {@link ServerSettings#maxMessageBytes()} and a request that
 * finds the work queue full get an error reply at once. The original's keep-alive is confirmed by the
 * loop too, so a client can tell a live but busy server from a dead one.
 *
 * <p>Security: with {@link ServerSettings#curve()} set, the socket is a CURVE server whose connections
 * the context's ZAP handler authorises; a key it refuses gets nothing. Every message is then checked
 * again against the live allow-list by the key its connection authenticated with, and the handler gets
 * that key's {@link Caller}. A message whose key is no longer accepted (revoked on an open connection)
 * is answered with {@value #KEY_REVOKED} and never reaches the handler; a message on a connection
 * without a ZAP user id (no ZAP handler ran) is dropped and logged. Without CURVE every caller is
 * {@link Caller#unauthenticated()}.
 *
 * <p>Requests to clients: a message that came straight from a client's DEALER ({@code [routing id][8-byte
 * request id][empty][payload]}) reaches the handler with its {@link Peer}, the connection it came on. A
 * server created with {@link PeerRequests} also sends that object's requests to such connections and
 * matches the clients' replies to them, here in the loop, after the checks above (so with CURVE a reply
 * is matched by the key it was authenticated with); a reply that matches nothing is answered with an
 * error like any other message. Such a server's ROUTER also reports every connection that closes, which
 * it hands to {@link PeerRequests#disconnected} (a client that sends the same frame speaks only of its
 * own connection).
 */
public final class RouterServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RouterServer.class);
  private static final long POLL_MS = 1000;
  private static final long DRAIN_MS = 5000;
  // The keep-alive as the original and Mercury encode it; answered by the loop itself, so liveness
  // probes never wait behind busy workers. Other encodings of it still reach the dispatcher.
  private static final byte[] KEEP_ALIVE = MsgPack.encode(KeepAlive.REQUEST);
  private static final byte[] KEEP_ALIVE_CONFIRMED = MsgPack.encode(KeepAlive.CONFIRMATION);
  /** The error reply to a message whose key was revoked after its connection was authorised. */
  public static final String KEY_REVOKED = "Permission denied: key revoked";
  private static final long DENIAL_LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final ZContext context;
  private final ServerSettings settings;
  private final MessageHandler handler;
  private final PeerRequests peers;
  private final ThreadPoolExecutor workers;
  private final Queue<List<byte[]>> outgoing = new ConcurrentLinkedQueue<>();
  private final WakeupPipe wakeup = new WakeupPipe();
  private final CountDownLatch bound = new CountDownLatch(1);
  private final Counters counters = new Counters();
  private volatile boolean accepting = true;
  private volatile boolean running = true;
  private volatile String endpoint;
  private volatile RuntimeException bindFailure;
  private Thread loop;
  private long lastDenialLogNanos;

  public RouterServer(ZContext context, ServerSettings settings, MessageHandler handler) {
    this(context, settings, handler, null);
  }

  /**
   * A server that also carries {@code peers}' requests to its clients, over their own connections, and
   * matches their replies (see {@link PeerRequests}). Its socket is then a mandatory ROUTER: a message to
   * a connection that is gone fails at once instead of vanishing, so such a request fails without waiting
   * for its timeout. The caller closes {@code peers} after the server.
   */
  public RouterServer(ZContext context, ServerSettings settings, MessageHandler handler, PeerRequests peers) {
    this.context = context;
    this.settings = settings;
    this.handler = handler;
    this.peers = peers;
    if (peers != null) {
      peers.attach(wakeup::wake);
    }
    this.workers =
        new ThreadPoolExecutor(
            settings.workers(),
            settings.workers(),
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(settings.queueCapacity()),
            Thread.ofPlatform().name(settings.name() + "-worker-", 1).daemon().factory());
  }

  /**
   * Binds and starts serving. Returns the address clients can connect to: a wildcard host becomes
   * {@code 127.0.0.1} and port {@code 0} becomes the port actually bound.
   *
   * @throws IllegalStateException when the address cannot be bound
   */
  public String start() {
    loop = Thread.ofPlatform().name(settings.name() + "-router").daemon().unstarted(this::run);
    loop.start();
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

  /** The connectable address, once started. */
  public String endpoint() {
    return endpoint;
  }

  public ServerStats stats() {
    return counters.snapshot();
  }

  private void run() {
    ZMQ.Socket socket;
    try {
      socket = context.createSocket(SocketType.ROUTER);
      socket.setLinger(1000);
      socket.setMaxMsgSize(settings.socketCeilingBytes());
      socket.setMsgAllocator(new BoundedAllocator(settings.socketCeilingBytes()));
      socket.setRcvHWM(100_000);
      socket.setSndHWM(100_000);
      // JeroMQ's default listen backlog is 100: a thousand agents connecting at once (a backend restart)
      // overflowed it, and each dropped SYN cost its agent a retransmission of a second or more
      socket.setBacklog(4096);
      if (peers != null) {
        socket.setRouterMandatory(true);
        // [routing id][DISCONNECTED] when a client's connection closes (PeerRequests)
        socket.base().setSocketOpt(zmq.ZMQ.ZMQ_DISCONNECT_MSG, PeerRequests.DISCONNECTED);
      }
      if (settings.curve() != null) {
        settings.curve().apply(socket);
      }
      endpoint = Addresses.bind(socket, settings.bindAddress());
    } catch (RuntimeException e) {
      bindFailure =
          new IllegalStateException(
              "cannot bind " + settings.name() + " to " + settings.bindAddress() + ": " + e.getMessage(),
              e);
      bound.countDown();
      return;
    }
    bound.countDown();
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
        writeReplies(socket);
        if (peers != null) {
          peers.writeQueued(socket);
        }
      }
      writeReplies(socket);
    } catch (ZMQException e) {
      if (e.getErrorCode() != ZMQ.Error.ETERM.getCode()) {
        log.error("{} socket loop failed", settings.name(), e);
      }
    } finally {
      socket.close();
      wakeup.close();
    }
  }

  private void readAvailable(ZMQ.Socket socket) {
    // Bounded per pass so replies are written even under a flood of requests.
    for (int i = 0; i < 1000; i++) {
      if (settings.curve() == null) {
        List<byte[]> frames = Frames.receive(socket);
        if (frames == null) {
          return;
        }
        counters.received.incrementAndGet();
        accept(frames, Caller.unauthenticated());
      } else {
        Frames.Received message = Frames.receiveWithUser(socket);
        if (message == null) {
          return;
        }
        counters.received.incrementAndGet();
        acceptAuthenticated(message);
      }
    }
  }

  private void acceptAuthenticated(Frames.Received message) {
    List<byte[]> frames = message.frames();
    if (peers != null && PeerRequests.isDisconnect(frames)) {
      peers.disconnected(new Peer(frames.get(0))); // made by the ROUTER itself: no user id
      return;
    }
    if (message.userId() == null) {
      counters.denied.incrementAndGet();
      logDenial("dropped a message from a connection with no CURVE user id (was a ZAP handler running?)");
      return;
    }
    Optional<Caller> caller = settings.curve().allowList().caller(message.userId());
    if (caller.isEmpty()) {
      counters.denied.incrementAndGet();
      logDenial("refused a message from CURVE key " + message.userId() + ": the key is no longer accepted");
      if (frames.size() > 1) {
        queueReply(List.copyOf(frames.subList(0, frames.size() - 1)), Transport.error(KEY_REVOKED));
      }
      return;
    }
    accept(frames, caller.get());
  }

  private void logDenial(String what) {
    long now = System.nanoTime();
    if (lastDenialLogNanos == 0 || now - lastDenialLogNanos > DENIAL_LOG_EVERY_NANOS) {
      lastDenialLogNanos = now;
      log.warn("{}: {} ({} denied so far)", settings.name(), what, counters.denied.get());
    }
  }

  private void accept(List<byte[]> frames, Caller caller) {
    List<byte[]> envelope = frames.subList(0, frames.size() - 1);
    byte[] payload = frames.get(frames.size() - 1);
    if (peers != null && PeerRequests.isDisconnect(frames)) {
      peers.disconnected(new Peer(frames.get(0)));
      return;
    }
    if (peers != null && PeerRequests.isReply(frames)) {
      if (!peers.complete(frames, caller)) {
        // late (timed out), unknown, or from another key than the request's: answered like any message
        queueReply(List.copyOf(envelope), Transport.error("Client error, this reply answers no request of this server"));
      }
      return;
    }
    if (frames.size() < 3) {
      counters.malformedFrames.incrementAndGet();
      // A ROUTER always sees the sender's identity, so a reply can still be routed back.
      queueReply(
          frames.size() == 1 ? frames : envelope,
          Transport.error(
              "Client error, message has "
                  + frames.size()
                  + " frame(s); expected identity, empty delimiter and payload"));
      return;
    }
    if (payload.length > settings.maxMessageBytes()) {
      counters.oversize.incrementAndGet();
      queueReply(
          envelope,
          Transport.error(
              "Client error, message of "
                  + payload.length
                  + " bytes exceeds the limit of "
                  + settings.maxMessageBytes()
                  + " bytes"));
      return;
    }
    List<byte[]> replyEnvelope = List.copyOf(envelope);
    if (Arrays.equals(payload, KEEP_ALIVE)) {
      queueReply(replyEnvelope, KEEP_ALIVE_CONFIRMED);
      return;
    }
    Peer peer = direct(frames);
    if (handler.answersOnSocketThread(payload, caller)) {
      queueReply(replyEnvelope, handleGuarded(payload, caller, peer)); // written at the end of this turn
      return;
    }
    try {
      workers.execute(() -> queueReply(replyEnvelope, handleGuarded(payload, caller, peer)));
    } catch (RejectedExecutionException e) {
      counters.busy.incrementAndGet();
      queueReply(replyEnvelope, Transport.error("Server busy, try again later"));
    }
  }

  /** The sending connection, when the message came straight from a client's DEALER. */
  private static Peer direct(List<byte[]> frames) {
    return frames.size() == 4 && frames.get(1).length == Long.BYTES && frames.get(2).length == 0
        ? new Peer(frames.get(0))
        : null;
  }

  private byte[] handleGuarded(byte[] payload, Caller caller, Peer peer) {
    try {
      byte[] reply = handler.handle(payload, caller, peer);
      if (reply != null) {
        return reply;
      }
      counters.handlerFailures.incrementAndGet();
      log.error("{} handler returned no reply", settings.name());
    } catch (RuntimeException | Error e) {
      counters.handlerFailures.incrementAndGet();
      log.error("{} handler failed", settings.name(), e);
    }
    return Transport.error("Encountered server error, sorry");
  }

  private void queueReply(List<byte[]> envelope, byte[] reply) {
    List<byte[]> frames = new ArrayList<>(envelope.size() + 1);
    frames.addAll(envelope);
    frames.add(reply);
    outgoing.add(frames);
    if (Thread.currentThread() != loop) {
      wakeup.wake();
    }
  }

  private void writeReplies(ZMQ.Socket socket) {
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
      log.debug("{}: a reply could not be written: {}", settings.name(), e.getMessage());
      return false;
    }
  }

  /**
   * Stops reading new requests, lets running requests finish and their replies go out (up to five
   * seconds), then closes the socket.
   */
  @Override
  public void close() {
    accepting = false;
    workers.shutdown();
    try {
      if (!workers.awaitTermination(DRAIN_MS, TimeUnit.MILLISECONDS)) {
        log.warn("{}: requests still running after {} ms; closing anyway", settings.name(), DRAIN_MS);
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.shutdownNow();
    }
    running = false;
    wakeup.wake();
    if (loop != null) {
      try {
        loop.join(DRAIN_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    log.info("{} stopped: {}", settings.name(), stats());
  }

  private static final class Counters {
    final AtomicLong received = new AtomicLong();
    final AtomicLong replied = new AtomicLong();
    final AtomicLong malformedFrames = new AtomicLong();
    final AtomicLong oversize = new AtomicLong();
    final AtomicLong busy = new AtomicLong();
    final AtomicLong handlerFailures = new AtomicLong();
    final AtomicLong denied = new AtomicLong();

    ServerStats snapshot() {
      return new ServerStats(
          received.get(),
          replied.get(),
          malformedFrames.get(),
          oversize.get(),
          busy.get(),
          handlerFailures.get(),
          denied.get());
    }
  }

  /** Replies built by the transport itself. */
  static final class Transport {
    private Transport() {}

    static byte[] error(String message) {
      return MsgPack.encode(Reply.failure(message).toWire());
    }
  }
}
