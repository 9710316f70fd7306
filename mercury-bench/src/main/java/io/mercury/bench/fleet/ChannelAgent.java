package io.mercury.bench.fleet;

import io.mercury.bench.SyntheticDevices;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.KeepAlive;
import io.mercury.common.protocol.Reply;
import io.mercury.common.protocol.Request;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.CurveKeyPair;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.zeromq.SocketType;
import org.zeromq.ZEvent;
import org.zeromq.ZMQ;
import org.zeromq.ZMonitor;

/**
 * One simulated Mercury agent of a {@link ChannelAgents} process; every method runs on that process's loop
 * thread, which owns the agent's socket. It behaves as mercury-agent does:
 *
 * <ul>
 *   <li>Its connection, as {@code ServiceClient}'s: a fresh connection is proven by a keep-alive probe
 *       before it carries requests, and one not proven within its budget (500 ms doubling to 8 s; with
 *       CURVE 2 s doubling to 30 s, and 30 s once the server's greeting came back; each spread by ±25 %)
 *       is replaced while requests wait. Requests are resent after a reconnect (the backend's endpoints
 *       are idempotent for an agent) and fail after 30 s.
 *   <li>Its {@code Registrar}: registers with {@code agent_info.channel: 1} (and {@code curve_public_key}),
 *       retrying with a back-off of 1 s doubling up to 30 s; sends {@code heartbeat(mercury_id,
 *       channel=true)} at the interval the backend asked for, and at once when its connection is proven
 *       again; registers again when a heartbeat is answered {@code known: false}.
 *   <li>Its {@code RpcHandler} and {@code ResultReporter}: answers pings (naming its device), cancels and
 *       echoes arriving over the channel; reports {@code complete_task} until acknowledged (back-off
 *       100 ms doubling to 5 s, 50 attempts), preceded by one {@code update_task} STARTED only when the
 *       task takes 50 ms or more.
 * </ul>
 */
final class ChannelAgent {
  private static final long TIMEOUT_MS = 30_000;
  private static final long STARTED_HOLD_MS = 50;
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
  private final int index;
  private final String mercuryId;
  private final Map<String, Object> device;
  private final String backend;
  private final CurveClient curve;
  private final long taskDelayMs;
  private final Map<Long, Pending> pending = new LinkedHashMap<>();
  private final Set<String> taskIds = new HashSet<>();

  private ZMQ.Socket socket;
  private int generation;
  private State state = State.CONNECTING;
  private long budgetMs;
  private long deadline;
  private long budgetDeadline;
  private long nextId = PROBE_ID + 1;
  private boolean started;
  private boolean firstRegistrationDone;
  private boolean registered;
  private boolean killed;
  private boolean back;
  private long registerBackoffMs = 1000;
  private long heartbeatMs;
  private int heartbeatSequence;

  ChannelAgent(ChannelAgents process, int index, Map<String, Object> device, String backend, String backendKey,
      CurveKeyPair key, Duration taskDelay, ChannelAgents.Counters counters) {
    this.process = process;
    this.counters = counters;
    this.index = index;
    this.mercuryId = SyntheticDevices.mercuryId(index);
    this.device = device;
    this.backend = backend;
    this.curve = key == null ? null : new CurveClient(key, backendKey);
    this.taskDelayMs = taskDelay.toMillis();
    this.budgetMs = initialBudgetMs();
  }

  /** Connects and registers. */
  void start() {
    if (started || killed) {
      return;
    }
    started = true;
    open();
    register();
  }

  void mark() {
    back = false;
  }

  /** Heard from the backend (registration accepted, heartbeat {@code known}) since the last mark. */
  boolean back() {
    return back;
  }

  /** Closes the connection and goes silent, as a killed agent. */
  void kill() {
    if (killed) {
      return;
    }
    killed = true;
    pending.clear();
    closeSocket();
    if (started && !firstRegistrationDone) {
      firstRegistrationDone = true;
      process.registrationDone();
    }
  }

  // --- the connection

  private long initialBudgetMs() {
    return curve != null ? 2000 : 500;
  }

  private long maxBudgetMs() {
    return curve != null ? 30_000 : 8000;
  }

  private void open() {
    int openedAs = ++generation;
    socket = process.context().createSocket(SocketType.DEALER);
    socket.setLinger(0);
    socket.setReconnectIVL(100);
    socket.setReconnectIVLMax(2000);
    if (curve != null) {
      curve.apply(socket);
    }
    // called on JeroMQ's I/O thread: handed to the loop, which owns this agent
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

  private void closeSocket() {
    if (socket != null) {
      process.unwatch(socket);
      socket.close();
      socket = null;
    }
  }

  private void onEvent(int openedAs, ZMonitor.Event event) {
    if (openedAs != generation || killed) {
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
    if (openedAs != generation || killed || state == State.READY) {
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

  private void proven() {
    state = State.READY;
    budgetMs = initialBudgetMs();
    for (Pending p : List.copyOf(pending.values())) {
      if (!p.sent) {
        p.sent = write(p.id, p.payload);
      }
    }
    if (registered) {
      heartbeat(); // binds the new connection as the agent channel at once
    }
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
        byte[] reply = handle(payload);
        if (!(socket.send(replyId, ZMQ.SNDMORE | ZMQ.DONTWAIT) && socket.send(EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT)
            && socket.send(reply, ZMQ.DONTWAIT))) {
          process.note("agent " + index + ": a reply to the backend was dropped: send buffer full");
        }
      } else if (first.length == Long.BYTES) {
        long id = ByteBuffer.wrap(first).getLong();
        if (id == PROBE_ID) {
          if (state != State.READY) {
            proven();
          }
        } else {
          Pending p = pending.remove(id);
          if (p != null) {
            p.onReply.accept(Reply.fromWire(AgentWire.decode(payload)));
          }
        }
      }
    }
  }

  private void call(Request request, Consumer<Reply> onReply, Runnable onTimeout) {
    if (killed) {
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
      if (pending.remove(id) != null && !killed) {
        onTimeout.run();
      }
    });
  }

  // --- the Registrar

  private void register() {
    call(new Request("register", List.of(device, agentInfo()), Map.of()), reply -> {
      switch (reply) {
        case Reply.Ok ok -> accepted(ok.message() instanceof Map<?, ?> m ? m : Map.of());
        case Reply.Failure f -> {
          counters.busy.incrementAndGet();
          registerLater("registration refused (" + f.message() + ")");
        }
      }
    }, () -> registerLater("registration unanswered within 30 s"));
  }

  private void registerLater(String why) {
    process.note("agent " + index + ": " + why + ", retrying in " + registerBackoffMs / 1000 + " s");
    process.schedule(registerBackoffMs, this::register);
    registerBackoffMs = Math.min(registerBackoffMs * 2, 30_000);
  }

  private void accepted(Map<?, ?> reply) {
    counters.accepted.incrementAndGet();
    if (Boolean.TRUE.equals(reply.get("channel"))) {
      counters.channels.incrementAndGet();
    }
    registered = true;
    back = true;
    registerBackoffMs = 1000;
    heartbeatMs = reply.get("heartbeat_interval") instanceof Number s && s.doubleValue() > 0
        ? Math.round(s.doubleValue() * 1000) : 0;
    scheduleHeartbeat();
    if (!firstRegistrationDone) {
      firstRegistrationDone = true;
      process.registrationDone();
    }
  }

  private void scheduleHeartbeat() {
    int sequence = ++heartbeatSequence;
    if (heartbeatMs > 0) {
      process.schedule(heartbeatMs, () -> {
        if (sequence == heartbeatSequence && !killed) {
          heartbeat();
        }
      });
    }
  }

  private void heartbeat() {
    scheduleHeartbeat(); // the next one goes on time, answered or not
    call(new Request("heartbeat", List.of(mercuryId), Map.of("channel", true)), reply -> {
      if (reply instanceof Reply.Ok ok && ok.message() instanceof Map<?, ?> m) {
        if (Boolean.TRUE.equals(m.get("known"))) {
          counters.heartbeats.incrementAndGet();
          back = true;
        } else if (Boolean.FALSE.equals(m.get("known")) && registered) {
          registered = false; // the backend lost this agent: register again at once
          heartbeatSequence++;
          register();
        }
      }
    }, () -> {});
  }

  private Map<String, Object> agentInfo() {
    Map<String, Object> info = new LinkedHashMap<>();
    // Nothing listens there: a task or ping that does not come over the channel fails.
    info.put("rpc_address", "127.0.0.1");
    info.put("rpc_address6", null);
    info.put("rpc_port", 9);
    info.put("ping_port", 9);
    info.put("localtime", AgentWire.now());
    info.put("instance", "channel-fleet-" + index);
    info.put("capabilities", Map.of("echo", AgentWire.echoCapability()));
    info.put("channel", 1);
    if (curve != null) {
      info.put("curve_public_key", curve.key().publicKey());
    }
    return info;
  }

  // --- the RpcHandler and ResultReporter

  private byte[] handle(byte[] payload) {
    if (!(AgentWire.decode(payload) instanceof Map<?, ?> message)) {
      return MsgPack.encode(Map.of("error", true, "message", "Client error, message is malformed"));
    }
    if ("ping".equals(message.get("message")) && !message.containsKey("category")) {
      counters.pings.incrementAndGet();
      Map<String, Object> pong = new LinkedHashMap<>();
      pong.put("timestamp", AgentWire.now());
      pong.put("load", List.of(0.5, 0.5, 0.5));
      pong.put("message", "pong");
      pong.put("mercury_id", mercuryId);
      return MsgPack.encode(pong);
    }
    if ("cancel".equals(message.get("category"))) {
      return MsgPack.encode(AgentWire.status(0, Map.of("cancelled", false, "message", "nothing running")));
    }
    if (!"rpc".equals(message.get("category")) || !"echo".equals(message.get("method"))) {
      return MsgPack.encode(AgentWire.status(3, "invalid category or method"));
    }
    if (!(message.get("task_id") instanceof String taskId) || !(message.get("job_id") instanceof String jobId)
        || !(message.get("args") instanceof List<?> args) || args.size() != 1) {
      return MsgPack.encode(AgentWire.status(3, "message is incomplete"));
    }
    double started = AgentWire.now();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("time_started", started);
    if (!taskIds.add(taskId)) {
      counters.duplicates.incrementAndGet();
      data.put("message", "already have task " + taskId);
      data.put("duplicate", true);
      return MsgPack.encode(AgentWire.status(0, data));
    }
    counters.tasks.incrementAndGet();
    data.put("message", "Hakuna matata");
    if (taskDelayMs >= STARTED_HOLD_MS) {
      Map<String, Object> update = new HashMap<>();
      update.put("task_id", taskId);
      update.put("job_id", jobId);
      update.put("status", "STARTED");
      update.put("time_started", started);
      // after the task's acceptance is written: one attempt, not waited for
      process.schedule(0, () -> call(new Request("update_task", List.of(update), Map.of()), r -> {}, () -> {}));
    }
    Object arg = args.getFirst();
    process.schedule(taskDelayMs, () -> complete(taskId, jobId, started, arg, 0, 100));
    return MsgPack.encode(AgentWire.status(0, data));
  }

  private void complete(String taskId, String jobId, double started, Object arg, int attempt, long backoffMs) {
    if (killed) {
      return;
    }
    if (attempt >= 50) {
      counters.lost.incrementAndGet();
      return;
    }
    Map<String, Object> done = new HashMap<>();
    done.put("task_id", taskId);
    done.put("job_id", jobId);
    done.put("status", "SUCCESS");
    done.put("message", arg);
    done.put("traceback", null);
    done.put("time_started", started);
    done.put("time_completed", AgentWire.now());
    done.put("action", "Completed");
    Runnable again = () -> process.schedule(backoffMs,
        () -> complete(taskId, jobId, started, arg, attempt + 1, Math.min(5000, backoffMs * 2)));
    call(new Request("complete_task", List.of(done), Map.of()), reply -> {
      switch (reply) {
        case Reply.Ok ok -> counters.acked.incrementAndGet();
        case Reply.Failure f -> {
          counters.busy.incrementAndGet();
          again.run();
        }
      }
    }, again);
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
