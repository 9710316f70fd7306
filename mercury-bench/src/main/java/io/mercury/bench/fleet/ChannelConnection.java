package io.mercury.bench.fleet;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.KeepAlive;
import io.mercury.common.protocol.Reply;
import io.mercury.common.protocol.Request;
import io.mercury.common.security.CurveClient;
import io.mercury.testkit.AgentAnswers;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.zeromq.SocketType;
import org.zeromq.ZEvent;
import org.zeromq.ZMQ;
import org.zeromq.ZMonitor;

/**
 * A {@link ChannelAgent}'s DEALER connection to the backend, as {@code ServiceClient} runs one, on its
 * process's loop thread: a fresh connection is proven by a keep-alive probe before it carries requests,
 * and one not proven within its budget (500 ms doubling to 8 s; with CURVE 2 s doubling to 30 s, and 30
 * s once the server's greeting came back; each spread by ±25 %) is replaced while requests wait.
 * Requests are sent again after a reconnect (the backend's agent endpoints are idempotent) and fail
 * after 30 s. Requests from the backend ({@code [0x01 + id][empty][payload]}, the agent channel) are
 * answered at once by the agent's handler.
 */
final class ChannelConnection {
  private static final long TIMEOUT_MS = 30_000;
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] PROBE = MsgPack.encode(KeepAlive.REQUEST);
  private static final long PROBE_ID = 0;
  private static final byte PEER_REQUEST = 0x01;
  private static final byte PEER_REPLY = 0x02;

  private enum State {
    CONNECTING,
    PROBING,
    READY
  }

  private final ChannelAgents process;
  private final ChannelAgents.Counters counters;
  private final String name;
  private final String backend;
  private final CurveClient curve;
  private final UnaryOperator<byte[]> inbound;
  private final Runnable proven;
  private final Map<Long, Pending> pending = new LinkedHashMap<>();

  private ZMQ.Socket socket;
  private int generation;
  private State state = State.CONNECTING;
  private long budgetMs;
  private long deadline;
  private long budgetDeadline;
  private long nextId = PROBE_ID + 1;
  private boolean closed;

  /**
   * @param inbound answers a request from the backend
   * @param proven told each time a connection is proven (the first, or one after a reconnect)
   */
  ChannelConnection(ChannelAgents process, String name, String backend, CurveClient curve, UnaryOperator<byte[]> inbound, Runnable proven) {
    this.process = process;
    this.counters = process.counters();
    this.name = name;
    this.backend = backend;
    this.curve = curve;
    this.inbound = inbound;
    this.proven = proven;
    this.budgetMs = initialBudgetMs();
  }

  private long initialBudgetMs() {
    return curve != null ? 2000 : 500;
  }

  private long maxBudgetMs() {
    return curve != null ? 30_000 : 8000;
  }

  void open() {
    int openedAs = ++generation;
    socket = process.context().createSocket(SocketType.DEALER);
    socket.setLinger(0);
    socket.setReconnectIVL(100);
    socket.setReconnectIVLMax(2000);
    if (curve != null) {
      curve.apply(socket);
    }
    // called on JeroMQ's I/O thread: handed to the loop, which owns this connection
    socket.setEventHook((ZEvent.ZEventConsummer) event -> process.post(() -> onEvent(openedAs, event.getEvent())),
        ZMQ.EVENT_HANDSHAKE_PROTOCOL | ZMQ.EVENT_DISCONNECTED);
    process.watch(socket, this);
    socket.connect(backend);
    state = State.CONNECTING;
    long spread = Math.round(budgetMs * (0.75 + 0.5 * ThreadLocalRandom.current().nextDouble()));
    deadline = System.nanoTime() + spread * 1_000_000;
    budgetDeadline = deadline;
    process.schedule(spread, () -> checkProven(openedAs));
  }

  /** Closes the socket for good; nothing waiting is answered or sent again. */
  void close() {
    closed = true;
    pending.clear();
    closeSocket();
  }

  private void closeSocket() {
    if (socket != null) {
      process.unwatch(socket);
      socket.close();
      socket = null;
    }
  }

  private void onEvent(int openedAs, ZMonitor.Event event) {
    if (openedAs != generation || closed) {
      return;
    }
    if (event == ZMonitor.Event.HANDSHAKE_PROTOCOL) {
      write(PROBE_ID, PROBE);
      state = State.PROBING;
      if (curve != null) {
        // the CURVE handshake is under way; a server busy with a storm of them answers late
        deadline = Math.max(deadline, System.nanoTime() + maxBudgetMs() * 1_000_000);
      }
    } else if (event == ZMonitor.Event.DISCONNECTED) {
      if (state == State.READY) {
        counters.reconnects.incrementAndGet();
        pending.values().forEach(p -> p.sent = false); // lost with the connection: sent again once proven
      } else {
        deadline = budgetDeadline;
      }
      state = State.CONNECTING;
    }
  }

  /**
   * A connection not proven within its budget is replaced while requests wait for it; one that is overdue
   * with nothing waiting is replaced when the next request comes ({@link #call}).
   */
  private void checkProven(int openedAs) {
    if (openedAs != generation || closed || state == State.READY) {
      return;
    }
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left > 0) {
      process.schedule(left, () -> checkProven(openedAs)); // the greeting extended the budget
    } else if (!pending.isEmpty()) {
      replace();
    }
  }

  private void replace() {
    counters.reconnects.incrementAndGet();
    closeSocket();
    budgetMs = Math.min(budgetMs * 2, maxBudgetMs());
    pending.values().forEach(p -> p.sent = false);
    open();
  }

  private void onProven() {
    state = State.READY;
    budgetMs = initialBudgetMs();
    for (Pending p : List.copyOf(pending.values())) {
      if (!p.sent) {
        p.sent = write(p.id, p.payload);
      }
    }
    proven.run();
  }

  private boolean write(long id, byte[] payload) {
    return socket.send(ByteBuffer.allocate(Long.BYTES).putLong(id).array(), ZMQ.SNDMORE | ZMQ.DONTWAIT)
        && socket.send(EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT)
        && socket.send(payload, ZMQ.DONTWAIT);
  }

  /** Reads every message waiting on the socket. */
  void readAll() {
    while (socket != null) {
      byte[] first = socket.recv(ZMQ.DONTWAIT);
      if (first == null) {
        return;
      }
      List<byte[]> frames = new ArrayList<>(3);
      frames.add(first);
      while (socket.hasReceiveMore()) {
        frames.add(socket.recv(0));
      }
      if (frames.size() != 3 || frames.get(1).length != 0) {
        continue;
      }
      byte[] payload = frames.get(2);
      if (first.length == Long.BYTES + 1 && first[0] == PEER_REQUEST) {
        byte[] replyId = first.clone();
        replyId[0] = PEER_REPLY;
        byte[] reply = inbound.apply(payload);
        if (!(socket.send(replyId, ZMQ.SNDMORE | ZMQ.DONTWAIT) && socket.send(EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT)
            && socket.send(reply, ZMQ.DONTWAIT))) {
          process.note(name + ": a reply to the backend was dropped: send buffer full");
        }
      } else if (first.length == Long.BYTES) {
        long id = ByteBuffer.wrap(first).getLong();
        if (id == PROBE_ID) {
          if (state != State.READY) {
            onProven();
          }
        } else {
          Pending p = pending.remove(id);
          if (p != null) {
            p.onReply.accept(Reply.fromWire(AgentAnswers.decode(payload)));
          }
        }
      }
    }
  }

  /** Sends {@code request} (once the connection is proven); {@code onTimeout} when no reply came in 30 s. */
  void call(Request request, Consumer<Reply> onReply, Runnable onTimeout) {
    if (closed) {
      return;
    }
    long id = nextId++;
    Pending p = new Pending(id, MsgPack.encode(request.toWire()), onReply);
    pending.put(id, p);
    if (state == State.READY) {
      p.sent = write(id, p.payload);
    } else if (System.nanoTime() - deadline >= 0) {
      replace(); // overdue while nothing waited
    }
    process.schedule(TIMEOUT_MS, () -> {
      if (pending.remove(id) != null && !closed) {
        onTimeout.run();
      }
    });
  }

  /** A request waiting for its reply. */
  private static final class Pending {
    final long id;
    final byte[] payload;
    final Consumer<Reply> onReply;
    boolean sent;

    Pending(long id, byte[] payload, Consumer<Reply> onReply) {
      this.id = id;
      this.payload = payload;
      this.onReply = onReply;
    }
  }
}
