package io.mercury.bench.fleet;

import static io.mercury.bench.fleet.AgentWire.decode;
import static io.mercury.bench.fleet.AgentWire.now;
import static io.mercury.bench.fleet.AgentWire.status;

import io.mercury.bench.SyntheticDevices;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.transport.WakeupPipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Simulated agents for chaos tests: N agents over the original agent protocol, each with rpc and pong
 * sockets of its own on 127.0.0.1 (so any one can be killed, and every message is known to have reached
 * one agent), behaving like the real agent where faults are concerned, and keeping a journal the tests
 * check the store against.
 *
 * <p>Like the real agent: a task is idempotent by {@code task_id} per agent (a re-delivery of a task the
 * agent already has is answered "already have task" with {@code duplicate: true} and not run again); a
 * result is kept and sent again (back-off 0.5 s doubling to 30 s) until the backend acknowledges it (a non-error reply), however long the
 * backend is away (an error reply is a refusal, journaled), while STARTED is sent once, best effort; an agent that has had no ping for {@code reregisterAfter} registers again by itself.
 * A task runs for {@code taskDelay} plus up to {@code taskJitter}, reports STARTED at once and then
 * SUCCESS with the message {@code "<arg> from <mercury_id>"}, so a stored result names the agent that
 * produced it.
 *
 * <p>Journal, readable from any thread: how often each agent executed each task ({@link #executions}),
 * re-deliveries it refused ({@link #duplicates}), and each result the backend acknowledged ({@link
 * #acknowledged}) with the time of acknowledgement.
 *
 * <p>Threading: one loop thread owns every socket and the timers; other threads post commands.
 */
public final class ChaosFleet implements AutoCloseable {
  /**
   * @param agents N
   * @param taskDelay shortest run time of a task
   * @param taskJitter extra run time, uniformly random in [0, jitter)
   * @param reportTimeout how long a report waits for the backend's reply before it is sent again
   * @param reregisterAfter how long without a ping before an agent registers again
   * @param firstDevice agent i reports synthetic device {@code firstDevice + i} (fleets on one stack
   *     must not overlap)
   */
  public record Settings(
      int agents, Duration taskDelay, Duration taskJitter, Duration reportTimeout, Duration reregisterAfter, int firstDevice) {}

  /** A result the backend acknowledged: what was reported, and when the acknowledgement came (nanoTime). */
  public record Acked(int agent, String status, Object message, Object reply, long atNanos) {}

  private record Timed(long due, long seq, Runnable action) {}

  private static final long REGISTER_BACKOFF_MS = 1000;
  private static final long REPORT_BACKOFF_MS = 500;
  private static final long MAX_BACKOFF_MS = 30_000;

  private final Settings settings;
  private final String backendAddress;
  private final String instance = Long.toHexString(System.nanoTime());
  private final ZContext context = new ZContext(2);
  private final WakeupPipe wakeup = new WakeupPipe();
  private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Timed> timers =
      new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
  private final SplittableRandom random = new SplittableRandom(11);
  private final ZMQ.Socket[] rpc;
  private final ZMQ.Socket[] pong;
  private final int[] rpcPorts;
  private final int[] pongPorts;
  private final boolean[] alive;
  private final long[] lastSeen;
  private final boolean[] registering;
  private final List<Map<String, Object>> devices;
  private final Map<String, Map<Integer, AtomicInteger>> executions = new ConcurrentHashMap<>();
  private final Map<String, Acked> acknowledged = new ConcurrentHashMap<>();
  private final Map<String, String> refused = new ConcurrentHashMap<>();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong registrations = new AtomicLong();
  private final AtomicLong pings = new AtomicLong();
  private final Thread loop;
  private volatile IntUnaryOperator advertised = IntUnaryOperator.identity();
  private BackendPipeline backend;
  private BackendPipeline updates;
  private long timerSeq;
  private volatile boolean running = true;

  /** Binds every agent's endpoints and starts the loop; agents register on {@link #registerAll}. */
  public ChaosFleet(String backendAddress, Settings settings) {
    this.settings = settings;
    this.backendAddress = backendAddress;
    int n = settings.agents();
    rpc = new ZMQ.Socket[n];
    pong = new ZMQ.Socket[n];
    rpcPorts = new int[n];
    pongPorts = new int[n];
    alive = new boolean[n];
    lastSeen = new long[n];
    registering = new boolean[n];
    context.getContext().setMaxSockets(2 * n + 64);
    for (int i = 0; i < n; i++) {
      rpc[i] = context.createSocket(SocketType.ROUTER);
      rpc[i].setLinger(0);
      rpcPorts[i] = rpc[i].bindToRandomPort("tcp://127.0.0.1", 20_000, 32_000);
      pong[i] = context.createSocket(SocketType.REP);
      pong[i].setLinger(0);
      pongPorts[i] = pong[i].bindToRandomPort("tcp://127.0.0.1", 20_000, 32_000);
      alive[i] = true;
    }
    SyntheticDevices synthetic = new SyntheticDevices(new Random(instance.hashCode()));
    devices = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      devices.add(synthetic.device(settings.firstDevice() + i));
    }
    loop = Thread.ofPlatform().name("chaos-fleet").daemon().unstarted(this::run);
    loop.start();
  }

  public int agents() {
    return settings.agents();
  }

  public String mercuryId(int i) {
    return SyntheticDevices.mercuryId(settings.firstDevice() + i);
  }

  /** Agent {@code i}'s own rpc and pong ports (before any {@link #advertise} mapping). */
  public int rpcPort(int i) {
    return rpcPorts[i];
  }

  public int pongPort(int i) {
    return pongPorts[i];
  }

  /**
   * Makes agents advertise {@code map.applyAsInt(port)} instead of each own port in their
   * registrations (e.g. a proxy in front of them); set it before {@link #registerAll}.
   */
  public void advertise(IntUnaryOperator map) {
    this.advertised = map;
  }

  /** Every live agent registers (retrying until the backend accepts, as the agent does). */
  public void registerAll() {
    command(
        () -> {
          for (int i = 0; i < settings.agents(); i++) {
            register(i);
          }
        });
  }

  /** Registrations the backend accepted so far. */
  public long registrations() {
    return registrations.get();
  }

  /** Pings answered so far. */
  public long pings() {
    return pings.get();
  }

  /** Kills agent {@code i} as {@code kill -9} would: it stops answering and never reports its running tasks. */
  public void kill(int i) {
    command(
        () -> {
          alive[i] = false;
          rpc[i].unbind(rpc[i].getLastEndpoint());
          pong[i].unbind(pong[i].getLastEndpoint());
        });
  }

  /** How many times each agent executed the task (task_id to agent index to count). */
  public Map<Integer, Integer> executions(String taskId) {
    Map<Integer, Integer> out = new HashMap<>();
    executions.getOrDefault(taskId, Map.of()).forEach((agent, count) -> out.put(agent, count.get()));
    return out;
  }

  /** Every task_id an agent executed. */
  public List<String> executedTasks() {
    return List.copyOf(executions.keySet());
  }

  /** Re-deliveries refused as duplicates. */
  public long duplicates() {
    return duplicates.get();
  }

  /** The acknowledged result of a task, or null. */
  public Acked acknowledged(String taskId) {
    return acknowledged.get(taskId);
  }

  /** Every acknowledged result by task_id. */
  public Map<String, Acked> acknowledged() {
    return Map.copyOf(acknowledged);
  }

  /** Completions the backend refused with an error reply, by task_id (the reply). */
  public Map<String, String> refused() {
    return Map.copyOf(refused);
  }

  /** The earliest acknowledgement at or after {@code nanos} (System.nanoTime), if any. */
  public OptionalLong firstAckAfter(long nanos) {
    return acknowledged.values().stream().mapToLong(Acked::atNanos).filter(t -> t - nanos >= 0).min();
  }

  private void register(int i) {
    if (!alive[i] || registering[i]) {
      return;
    }
    registering[i] = true;
    register(i, REGISTER_BACKOFF_MS);
  }

  /** As the agent's registrar: until accepted, with a back-off of 1 s doubling up to 30 s. */
  private void register(int i, long backoffMs) {
    backend.call(
        "register",
        List.of(devices.get(i), agentInfo(i)),
        reply -> {
          if (!alive[i]) {
            registering[i] = false;
          } else if (ok(reply)) {
            registering[i] = false;
            registrations.incrementAndGet();
            lastSeen[i] = System.nanoTime();
          } else {
            later(backoffMs, () -> register(i, Math.min(2 * backoffMs, MAX_BACKOFF_MS)));
          }
        });
  }

  private void later(long ms, Runnable action) {
    timers.add(new Timed(System.nanoTime() + ms * 1_000_000, timerSeq++, action));
  }

  private Map<String, Object> agentInfo(int i) {
    Map<String, Object> echo = AgentWire.echoCapability();
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("rpc_address", "127.0.0.1");
    info.put("rpc_address6", null);
    info.put("rpc_port", advertised.applyAsInt(rpcPorts[i]));
    info.put("ping_port", advertised.applyAsInt(pongPorts[i]));
    info.put("localtime", now());
    info.put("instance", "chaos-" + instance + "-" + i);
    info.put("capabilities", Map.of("echo", echo));
    return info;
  }

  private void command(Runnable r) {
    commands.add(r);
    wakeup.wake();
  }

  private void run() {
    long timeoutMillis = settings.reportTimeout().toMillis();
    backend = new BackendPipeline(context, backendAddress, 4, timeoutMillis, 1); // retries are ours, with the agent's back-off
    updates = new BackendPipeline(context, backendAddress, 1, timeoutMillis, 1);
    ZMQ.Poller poller = context.createPoller(2 * settings.agents() + 8);
    int[] rpcIndex = new int[settings.agents()];
    int[] pongIndex = new int[settings.agents()];
    for (int i = 0; i < settings.agents(); i++) {
      rpcIndex[i] = poller.register(rpc[i], ZMQ.Poller.POLLIN);
      pongIndex[i] = poller.register(pong[i], ZMQ.Poller.POLLIN);
    }
    for (ZMQ.Socket s : backend.sockets()) {
      poller.register(s, ZMQ.Poller.POLLIN);
    }
    for (ZMQ.Socket s : updates.sockets()) {
      poller.register(s, ZMQ.Poller.POLLIN);
    }
    int wakeIndex = poller.register(wakeup.channel(), ZMQ.Poller.POLLIN);
    long lastCheck = System.nanoTime();
    try {
      while (running) {
        long now = System.nanoTime();
        long wait = 100;
        if (!timers.isEmpty()) {
          wait = Math.max(0, Math.min(wait, (timers.peek().due - now) / 1_000_000));
        }
        poller.poll(wait);
        if (poller.pollin(wakeIndex)) {
          wakeup.drain();
        }
        Runnable command;
        while ((command = commands.poll()) != null) {
          command.run();
        }
        for (int i = 0; i < settings.agents(); i++) {
          if (alive[i] && poller.pollin(pongIndex[i])) {
            servePongs(i);
          }
          if (alive[i] && poller.pollin(rpcIndex[i])) {
            serveRpc(i);
          }
        }
        for (ZMQ.Socket s : backend.sockets()) {
          backend.readReplies(s);
        }
        for (ZMQ.Socket s : updates.sockets()) {
          updates.readReplies(s);
        }
        now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().due - now <= 0) {
          timers.poll().action().run();
        }
        backend.expire(now);
        updates.expire(now);
        if (now - lastCheck > 250_000_000L) {
          lastCheck = now;
          reregisterSilent(now);
        }
      }
    } catch (ZMQException e) {
      if (running) {
        throw e;
      }
    } finally {
      poller.close();
      backend.close();
      updates.close();
    }
  }

  /** As the agent's registrar: no ping for {@code reregisterAfter} since the last ping or registration. */
  private void reregisterSilent(long now) {
    long after = settings.reregisterAfter().toNanos();
    for (int i = 0; i < settings.agents(); i++) {
      if (alive[i] && lastSeen[i] != 0 && now - lastSeen[i] >= after) {
        lastSeen[i] = now; // the next check is one window later, as the registrar's
        register(i);
      }
    }
  }

  private void servePongs(int i) {
    byte[] request;
    while ((request = pong[i].recv(ZMQ.DONTWAIT)) != null) {
      Object ping = decode(request);
      Map<String, Object> reply = new LinkedHashMap<>();
      if (ping instanceof Map<?, ?> m && "ping".equals(m.get("message"))) {
        pings.incrementAndGet();
        lastSeen[i] = System.nanoTime();
        reply.put("timestamp", now());
        reply.put("load", List.of(0.5, 0.5, 0.5));
        reply.put("message", "pong");
      } else {
        reply.put("error", true);
        reply.put("message", "invalid ping");
      }
      pong[i].send(MsgPack.encode(reply));
    }
  }

  private void serveRpc(int i) {
    byte[] first;
    while ((first = rpc[i].recv(ZMQ.DONTWAIT)) != null) {
      List<byte[]> frames = new ArrayList<>(3);
      frames.add(first);
      while (rpc[i].hasReceiveMore()) {
        frames.add(rpc[i].recv(0));
      }
      if (frames.size() < 3) {
        continue;
      }
      Object reply = handleRpc(i, decode(frames.getLast()));
      for (int f = 0; f < frames.size() - 1; f++) {
        rpc[i].sendMore(frames.get(f));
      }
      rpc[i].send(MsgPack.encode(reply));
    }
  }

  private Object handleRpc(int i, Object decoded) {
    if (!(decoded instanceof Map<?, ?> message)) {
      return Map.of("error", true, "message", "Client error, message is malformed");
    }
    if ("keep_alive".equals(message.get("_protocol_message"))) {
      return Map.of("_protocol_message", "keep_alive_confirmed");
    }
    if ("cancel".equals(message.get("category"))) {
      return status(0, Map.of("cancelled", false, "message", "nothing running"));
    }
    if (!"rpc".equals(message.get("category"))) {
      return status(3, "invalid category");
    }
    if (!"echo".equals(message.get("method"))) {
      return status(3, message.get("method") + " method is not supported");
    }
    if (!(message.get("task_id") instanceof String taskId) || !(message.get("job_id") instanceof String jobId)) {
      return status(3, "message is incomplete, missing task_id/job_id");
    }
    if (!(message.get("args") instanceof List<?> args) || args.size() != 1) {
      return status(4, "arguments for echo are not satisfied");
    }
    double started = now();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("time_started", started);
    Map<Integer, AtomicInteger> byAgent = executions.computeIfAbsent(taskId, k -> new ConcurrentHashMap<>());
    if (byAgent.containsKey(i)) {
      duplicates.incrementAndGet();
      data.put("message", "already have task " + taskId);
      data.put("duplicate", true);
      return status(0, data);
    }
    byAgent.computeIfAbsent(i, k -> new AtomicInteger()).incrementAndGet();
    data.put("message", "Hakuna matata");
    Map<String, Object> update = new HashMap<>();
    update.put("task_id", taskId);
    update.put("job_id", jobId);
    update.put("status", "STARTED");
    update.put("time_started", started);
    updates.call("update_task", List.of(update), reply -> {}); // best effort, one attempt, as the agent
    String result = args.getFirst() + " from " + mercuryId(i);
    long jitter = settings.taskJitter().toNanos();
    long delay = settings.taskDelay().toNanos() + (jitter > 0 ? random.nextLong(jitter) : 0);
    later(delay / 1_000_000, () -> complete(i, taskId, jobId, started, result));
    return status(0, data);
  }

  private void complete(int i, String taskId, String jobId, double started, String result) {
    if (!alive[i]) {
      return; // killed while running: the result never existed
    }
    Map<String, Object> done = new HashMap<>();
    done.put("task_id", taskId);
    done.put("job_id", jobId);
    done.put("status", "SUCCESS");
    done.put("message", result);
    done.put("traceback", null);
    done.put("time_started", started);
    done.put("time_completed", now());
    done.put("action", "Completed");
    report(i, taskId, done, result, REPORT_BACKOFF_MS);
  }

  /**
   * As the agent's reporter: sends a completion until the backend acknowledges it; no reply (within
   * the report timeout) and "Server busy" are retried after a back-off of 0.5 s doubling up to 30 s; any
   * other error reply is a refusal for good, journaled in {@link #refused}, as the agent keeps such a
   * result aside.
   */
  private void report(int i, String taskId, Map<String, Object> data, String result, long backoffMs) {
    backend.call(
        "complete_task",
        List.of(data),
        reply -> {
          if (!alive[i]) {
            return; // the process died before it saw the acknowledgement
          }
          if (ok(reply)) {
            Object message = reply instanceof Map<?, ?> m ? m.get("message") : null;
            acknowledged.put(taskId, new Acked(i, "SUCCESS", result, message, System.nanoTime()));
          } else if (!(reply instanceof Map<?, ?> r) || String.valueOf(r.get("message")).startsWith("Server busy")) {
            later(backoffMs, () -> report(i, taskId, data, result, Math.min(2 * backoffMs, MAX_BACKOFF_MS)));
          } else {
            refused.put(taskId, String.valueOf(reply));
          }
        });
  }

  private static boolean ok(Object reply) {
    return reply instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("error"));
  }

  @Override
  public void close() {
    running = false;
    wakeup.wake();
    try {
      loop.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    wakeup.close();
    for (int i = 0; i < settings.agents(); i++) {
      rpc[i].close();
      pong[i].close();
    }
    context.close();
  }
}
