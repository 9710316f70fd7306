package io.mercury.bench.fleet;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Requests from many simulated agents to one backend ({@code register}, {@code update_task}, {@code
 * complete_task}) over a small pool of DEALER sockets, with any number in flight.
 *
 * <p>Each request is sent as {@code [correlation id][empty][payload]}; the backend's ROUTER sees the
 * id as part of the envelope and returns it with the reply, so replies are matched to requests in any
 * order. A request without a reply within its timeout is sent again (as an agent keeps a result until it
 * is acknowledged), up to {@code attempts} times; then its callback gets null. One answered "Server busy"
 * is sent again after a back-off (200 ms, doubling up to 5 s) for as long as the backend says so, as
 * Mercury's agent does: busy is the backend asking to be asked later (its store is behind, or a task's
 * earlier transition is not written yet), not a failure, and giving up on it would lose a result.
 *
 * <p>Threading: every method runs on the simulator's loop thread, which owns the sockets.
 */
public final class BackendPipeline implements AutoCloseable {
  private static final byte[] EMPTY = new byte[0];
  private static final long BUSY_BACKOFF_NANOS = 200_000_000L;
  private static final long MAX_BUSY_BACKOFF_NANOS = 5_000_000_000L;

  /** One request waiting for its reply. */
  private static final class Pending {
    final byte[] payload;
    final Consumer<Object> onReply;
    int attempts;
    long busyBackoff = BUSY_BACKOFF_NANOS;
    long deadline;

    Pending(byte[] payload, Consumer<Object> onReply) {
      this.payload = payload;
      this.onReply = onReply;
    }
  }

  private final List<ZMQ.Socket> dealers = new ArrayList<>();
  private final Map<Long, Pending> pending = new HashMap<>();
  private final long timeoutNanos;
  private final int attempts;
  private long nextId;
  private long sent;
  private long resent;
  private long busy;
  private long lastSweep = System.nanoTime();

  /** Plaintext sockets. */
  public BackendPipeline(ZContext context, String backendAddress, int sockets, long timeoutMillis, int attempts) {
    this(context, backendAddress, sockets, timeoutMillis, attempts, socket -> {});
  }

  /** @param secure sets each DEALER's security options (CURVE client, or nothing) before it connects */
  BackendPipeline(
      ZContext context, String backendAddress, int sockets, long timeoutMillis, int attempts, Consumer<ZMQ.Socket> secure) {
    this.timeoutNanos = timeoutMillis * 1_000_000;
    this.attempts = attempts;
    for (int i = 0; i < sockets; i++) {
      ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
      dealer.setLinger(0);
      dealer.setSndHWM(0);
      dealer.setRcvHWM(0);
      secure.accept(dealer);
      dealer.connect(backendAddress);
      dealers.add(dealer);
    }
  }

  public List<ZMQ.Socket> sockets() {
    return dealers;
  }

  int inFlight() {
    return pending.size();
  }

  long sent() {
    return sent;
  }

  long resent() {
    return resent;
  }

  /** Replies "Server busy" received, each followed by a resend. */
  long busy() {
    return busy;
  }

  /** Sends {@code endpoint(args...)}; {@code onReply} gets the decoded reply, or null if none came. */
  public void call(String endpoint, List<Object> args, Consumer<Object> onReply) {
    Map<String, Object> request = new HashMap<>();
    request.put("endpoint", endpoint);
    request.put("args", args);
    request.put("kwargs", Map.of());
    long id = nextId++;
    Pending p = new Pending(MsgPack.encode(request), onReply);
    pending.put(id, p);
    send(id, p);
  }

  private void send(long id, Pending p) {
    p.attempts++;
    p.deadline = System.nanoTime() + timeoutNanos;
    ZMQ.Socket dealer = dealers.get((int) (id % dealers.size()));
    dealer.sendMore(ByteBuffer.allocate(Long.BYTES).putLong(id).array());
    dealer.sendMore(EMPTY);
    dealer.send(p.payload);
    sent++;
  }

  /** Reads every reply waiting on {@code dealer}. */
  public void readReplies(ZMQ.Socket dealer) {
    byte[] first;
    while ((first = dealer.recv(ZMQ.DONTWAIT)) != null) {
      List<byte[]> frames = new ArrayList<>(3);
      frames.add(first);
      while (dealer.hasReceiveMore()) {
        frames.add(dealer.recv(0));
      }
      if (frames.size() != 3 || first.length != Long.BYTES) {
        continue;
      }
      long id = ByteBuffer.wrap(first).getLong();
      Pending p = pending.get(id);
      if (p == null) {
        continue; // a late reply to a request already re-sent and answered
      }
      Object reply;
      try {
        reply = MsgPack.decode(frames.get(2));
      } catch (MalformedMessageException e) {
        reply = null;
      }
      if (isBusy(reply)) {
        p.attempts--; // a busy answer is not a lost attempt
        p.deadline = System.nanoTime() + p.busyBackoff; // expire() sends it again then
        p.busyBackoff = Math.min(2 * p.busyBackoff, MAX_BUSY_BACKOFF_NANOS);
        busy++;
        continue;
      }
      pending.remove(id);
      p.onReply.accept(reply);
    }
  }

  /** Re-sends (or gives up on) requests past their deadline; cheap to call often. */
  public void expire(long now) {
    if (now - lastSweep < 100_000_000L) {
      return;
    }
    lastSweep = now;
    Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator();
    List<Map.Entry<Long, Pending>> retry = new ArrayList<>();
    while (it.hasNext()) {
      Map.Entry<Long, Pending> e = it.next();
      if (now - e.getValue().deadline < 0) {
        continue;
      }
      if (e.getValue().attempts < attempts) {
        retry.add(e);
      } else {
        it.remove();
        e.getValue().onReply.accept(null);
      }
    }
    for (Map.Entry<Long, Pending> e : retry) {
      resent++;
      send(e.getKey(), e.getValue());
    }
  }

  private static boolean isBusy(Object reply) {
    return reply instanceof Map<?, ?> m
        && Boolean.TRUE.equals(m.get("error"))
        && String.valueOf(m.get("message")).startsWith("Server busy");
  }

  @Override
  public void close() {
    dealers.forEach(ZMQ.Socket::close);
  }
}
