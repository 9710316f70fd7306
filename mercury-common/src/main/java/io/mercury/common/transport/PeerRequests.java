package io.mercury.common.transport;

import io.mercury.common.security.Caller;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Requests a {@link RouterServer} sends to its clients, over the connection a client opened (the agent
 * channel: the RPC backend reaches a Mercury agent on the agent's own DEALER connection instead of
 * opening one to the agent).
 *
 * <p>Frames: a request goes out as {@code [routing id][0x01 + 8-byte correlation id][empty][payload]}, so
 * the client's DEALER receives {@code [9 bytes][empty][payload]}, which cannot be taken for a reply to one
 * of its own requests (their first frame has 8 bytes). The client answers {@code [0x02 +
 * correlation id][empty][reply]}. A reply completes its request only when it comes with the CURVE key
 * the request expected (the key the server authenticated the answering connection with); any other
 * reply, and one for a request that is gone (timed out), is not matched and the server answers it with
 * an error, as it answers every message.
 *
 * <p>Threading: any thread calls {@link #request}; the request is queued and the server's loop thread,
 * which owns the socket, writes it ({@link #writeQueued}) and matches replies ({@link #complete}).
 * Futures are completed, and timeouts fire, on a callback thread of this object's own, never on the
 * socket loop. At most {@code maxInFlight} requests wait for replies; beyond that a request fails at once.
 *
 * <p>Closed connections: the server's ROUTER reports each connection that closes ({@link
 * #DISCONNECTED}, JeroMQ's {@code ZMQ_DISCONNECT_MSG}); the requests waiting on it fail at once instead
 * of at their timeout, and the {@link #onDisconnect} listener hears of it (the backend then checks at once
 * whether the agent whose channel it was is still alive).
 */
public final class PeerRequests implements AutoCloseable {
  /** The first byte of a server-to-client request's correlation frame. */
  public static final byte REQUEST = 0x01;
  /** The first byte of a client's reply's correlation frame. */
  public static final byte REPLY = 0x02;
  /** The length of a correlation frame: the marker byte and an 8-byte id. */
  public static final int CORRELATION_BYTES = 1 + Long.BYTES;
  private static final byte[] EMPTY = new byte[0];
  /**
   * The frame the server's ROUTER delivers, after the routing id, when that connection closes: {@code
   * 0x03} and eight zero bytes. A client can send it too, but only about its own connection.
   */
  static final byte[] DISCONNECTED = ByteBuffer.allocate(CORRELATION_BYTES).put((byte) 0x03).array();

  /**
   * Counters since creation.
   *
   * @param requests requests accepted by {@link #request}
   * @param replies replies matched to their request
   * @param timeouts requests that got no reply in time
   * @param failures requests that could not be written (the connection is gone) or were refused (too
   *     many in flight, closed)
   * @param unmatched replies that matched no request, or came with another key than expected
   * @param inFlight requests waiting for their reply now
   */
  public record Stats(long requests, long replies, long timeouts, long failures, long unmatched, int inFlight) {}

  private final int maxInFlight;
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final Queue<Pending> toSend = new ConcurrentLinkedQueue<>();
  private final AtomicLong ids = new AtomicLong();
  private final ScheduledThreadPoolExecutor callbacks;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong replies = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong unmatched = new AtomicLong();
  private volatile Runnable wake = () -> {};
  private volatile Consumer<Peer> disconnectListener = peer -> {};
  private volatile boolean open = true;

  public PeerRequests(String name, int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
    this.callbacks =
        new ScheduledThreadPoolExecutor(
            1,
            Thread.ofPlatform().name(name + "-peer-callbacks").daemon().factory());
    // a request's timeout is cancelled work once its reply came: neither kept nor waited for at close
    callbacks.setRemoveOnCancelPolicy(true);
    callbacks.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /**
   * Sends {@code payload} to the client on connection {@code peer} and completes with its reply's
   * payload, or fails with a {@link TransportException} when the connection is gone, no reply comes
   * within {@code timeout}, too many requests are in flight, or this is closed.
   *
   * @param expectedKey the CURVE key the reply must come with, or null on a plaintext server
   */
  public CompletableFuture<byte[]> request(Peer peer, String expectedKey, byte[] payload, Duration timeout) {
    Objects.requireNonNull(peer, "peer is null");
    Objects.requireNonNull(payload, "payload is null");
    Pending p = new Pending(ids.incrementAndGet(), peer, expectedKey, payload);
    requests.incrementAndGet();
    if (!open) {
      fail(p, "the server is closed");
      return p.future;
    }
    if (pending.size() >= maxInFlight) {
      fail(p, maxInFlight + " requests to clients are in flight already");
      return p.future;
    }
    pending.put(p.id, p);
    try {
      // not kept: the timer only completes p.future, which the caller holds, and dies with callbacks
      var unused = callbacks.schedule(() -> expire(p, timeout), timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      pending.remove(p.id);
      fail(p, "the server is closed");
      return p.future;
    }
    toSend.add(p);
    wake.run();
    return p.future;
  }

  public Stats stats() {
    return new Stats(requests.get(), replies.get(), timeouts.get(), failures.get(), unmatched.get(), pending.size());
  }

  /**
   * Tells {@code listener} of every client connection that closes, on this object's callback thread (not
   * the socket's); it must not block.
   */
  public void onDisconnect(Consumer<Peer> listener) {
    this.disconnectListener = Objects.requireNonNull(listener, "listener is null");
  }

  /** Whether a message is the ROUTER's notice that a connection closed: {@code [routing id][DISCONNECTED]}. */
  static boolean isDisconnect(List<byte[]> frames) {
    return frames.size() == 2 && java.util.Arrays.equals(frames.get(1), DISCONNECTED);
  }

  /**
   * Loop thread: connection {@code peer} closed; its requests fail and the listener is told, both on the
   * callback thread, so the socket's loop does not scan the requests in flight once per closed connection.
   */
  void disconnected(Peer peer) {
    completeLater(() -> {
      if (!pending.isEmpty()) {
        for (Pending p : List.copyOf(pending.values())) {
          if (p.peer.equals(peer) && pending.remove(p.id, p)) {
            fail(p, "the connection closed");
          }
        }
      }
      disconnectListener.accept(peer);
    });
  }

  /** Called once by the server that carries the requests: how to wake its loop. */
  void attach(Runnable wake) {
    this.wake = wake;
  }

  /** Whether a message is a client's reply: {@code [routing id][0x02 + id][empty][payload]}. */
  static boolean isReply(List<byte[]> frames) {
    return frames.size() == 4
        && frames.get(1).length == CORRELATION_BYTES
        && frames.get(1)[0] == REPLY
        && frames.get(2).length == 0;
  }

  /**
   * Loop thread: completes the request a reply answers, when it came with the expected key.
   *
   * @return false when the reply matched nothing (the server answers it with an error)
   */
  boolean complete(List<byte[]> frames, Caller caller) {
    long id = ByteBuffer.wrap(frames.get(1), 1, Long.BYTES).getLong();
    Pending p = pending.get(id);
    if (p == null || (p.expectedKey != null && !p.expectedKey.equals(caller.publicKey())) || !pending.remove(id, p)) {
      unmatched.incrementAndGet();
      return false;
    }
    replies.incrementAndGet();
    byte[] reply = frames.get(3);
    completeLater(() -> p.future.complete(reply));
    return true;
  }

  /** Loop thread: writes the queued requests; one whose connection is gone fails at once. */
  void writeQueued(ZMQ.Socket socket) {
    Pending p;
    while ((p = toSend.poll()) != null) {
      if (pending.get(p.id) != p) {
        continue; // timed out before it was written
      }
      byte[] correlation = ByteBuffer.allocate(CORRELATION_BYTES).put(REQUEST).putLong(p.id).array();
      String problem;
      try {
        problem =
            socket.send(p.peer.routingId(), ZMQ.SNDMORE | ZMQ.DONTWAIT)
                    && socket.send(correlation, ZMQ.SNDMORE | ZMQ.DONTWAIT)
                    && socket.send(EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT)
                    && socket.send(p.payload, ZMQ.DONTWAIT)
                ? null
                : "the connection's send queue is full";
      } catch (ZMQException e) {
        if (e.getErrorCode() == ZMQ.Error.ETERM.getCode()) {
          throw e;
        }
        problem = "the connection is gone (" + e.getMessage() + ")";
      }
      if (problem != null && pending.remove(p.id, p)) {
        fail(p, problem);
      }
    }
  }

  private void expire(Pending p, Duration timeout) {
    if (pending.remove(p.id, p)) {
      timeouts.incrementAndGet();
      p.future.completeExceptionally(
          new TransportException("no reply from " + p.peer + " within " + timeout.toMillis() + " ms"));
    }
  }

  private void fail(Pending p, String why) {
    failures.incrementAndGet();
    TransportException e = new TransportException("request to " + p.peer + " not delivered: " + why);
    completeLater(() -> p.future.completeExceptionally(e));
  }

  private void completeLater(Runnable completion) {
    try {
      callbacks.execute(completion);
    } catch (RejectedExecutionException e) {
      completion.run(); // closed: nothing else runs on the callback thread any more
    }
  }

  /** Fails every request still waiting and stops the callback thread. */
  @Override
  public void close() {
    open = false;
    for (Pending p : List.copyOf(pending.values())) {
      if (pending.remove(p.id, p)) {
        fail(p, "the server is closed");
      }
    }
    callbacks.shutdown();
    try {
      callbacks.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class Pending {
    final long id;
    final Peer peer;
    final String expectedKey;
    final byte[] payload;
    final CompletableFuture<byte[]> future = new CompletableFuture<>();

    Pending(long id, Peer peer, String expectedKey, byte[] payload) {
      this.id = id;
      this.peer = peer;
      this.expectedKey = expectedKey;
      this.payload = payload;
    }
  }
}
