package io.mercury.common.transport;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.ZMQ;

/**
 * A {@link ServiceClient}'s requests waiting for their replies, and the queue of those not yet written.
 * Each request is written as {@code [8-byte request id][empty][payload]} and matched to its reply by that
 * id; id 0 is never given out (it is the connection probe's).
 *
 * <p>Threading: callers {@link #submit} and {@link #abandon} from any thread; only the client's loop
 * thread writes ({@link #writeQueued}), completes ({@link #complete}), requeues and fails requests.
 */
final class ClientRequests {
  private static final byte[] EMPTY = new byte[0];

  private final String serviceName;
  private final String endpoint;
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final Queue<Pending> toSend = new ConcurrentLinkedQueue<>();
  private final AtomicLong ids = new AtomicLong();

  ClientRequests(String serviceName, String endpoint) {
    this.serviceName = serviceName;
    this.endpoint = endpoint;
  }

  /** Any thread: a new request, waiting and queued; the caller wakes the loop. */
  Pending submit(byte[] payload, boolean idempotent) {
    Pending p = new Pending(ids.incrementAndGet(), payload, idempotent);
    pending.put(p.id, p);
    toSend.add(p);
    return p;
  }

  /** Any thread: the caller stopped waiting; a reply that comes later is dropped. */
  void abandon(Pending p) {
    pending.remove(p.id);
  }

  /** Any thread: abandons {@code p} only if it is still waiting; false when it was answered or failed. */
  boolean abandonIfWaiting(Pending p) {
    return pending.remove(p.id, p);
  }

  /** Whether any request waits for its reply. */
  boolean isEmpty() {
    return pending.isEmpty();
  }

  /** Loop thread: the reply to request {@code id}, if it still waits. */
  void complete(long id, byte[] reply) {
    Pending p = pending.remove(id);
    if (p != null) {
      p.future.complete(reply);
    }
  }

  /** Loop thread: writes the queued requests; one the socket will not take fails at once. */
  void writeQueued(ZMQ.Socket socket) {
    Pending p;
    while ((p = toSend.poll()) != null) {
      if (pending.get(p.id) != p || p.sentNanos != 0) {
        continue; // abandoned by its caller, or already written to this connection
      }
      byte[] id = ByteBuffer.allocate(Long.BYTES).putLong(p.id).array();
      boolean sent =
          socket.send(id, ZMQ.SNDMORE | ZMQ.DONTWAIT)
              && socket.send(EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT)
              && socket.send(p.payload, ZMQ.DONTWAIT);
      if (!sent) {
        pending.remove(p.id);
        p.future.completeExceptionally(
            new TransportException("cannot queue a request to " + serviceName + ": send buffer full"));
        continue;
      }
      p.sentNanos = System.nanoTime();
    }
  }

  /**
   * Loop thread, after a reset: requests written to the old connection are written again if idempotent
   * and failed if not. Requests never written are still in the send queue and must not be queued twice.
   */
  void requeueAfterReset() {
    for (Pending p : List.copyOf(pending.values())) {
      if (p.sentNanos == 0) {
        continue;
      }
      if (p.idempotent) {
        p.sentNanos = 0;
        toSend.add(p);
      } else if (pending.remove(p.id, p)) {
        p.future.completeExceptionally(
            new TransportException(
                "connection to "
                    + serviceName
                    + " at "
                    + endpoint
                    + " was reset while waiting; the request may have been processed"));
      }
    }
  }

  /** Loop thread, as it ends: every waiting request fails with {@code closed}. */
  void failAll(TransportException closed) {
    pending.values().forEach(p -> p.future.completeExceptionally(closed));
  }

  /** One request: its caller waits on {@link #future}. */
  static final class Pending {
    final long id;
    final byte[] payload;
    final boolean idempotent;
    final CompletableFuture<byte[]> future = new CompletableFuture<>();
    /** When it was last written, or 0 while it waits to be written. */
    volatile long sentNanos;

    Pending(long id, byte[] payload, boolean idempotent) {
      this.id = id;
      this.payload = payload;
      this.idempotent = idempotent;
    }
  }
}
