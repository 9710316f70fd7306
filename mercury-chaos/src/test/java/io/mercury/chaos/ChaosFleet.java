package io.mercury.chaos;

import io.mercury.bench.SyntheticDevices;
import io.mercury.bench.fleet.BackendPipeline;
import io.mercury.bench.fleet.LoopInbox;
import io.mercury.bench.fleet.LoopTimers;
import io.mercury.common.protocol.agent.AgentReply;
import io.mercury.testkit.AgentAnswers;
import io.mercury.testkit.AgentReports;
import io.mercury.testkit.agent.AgentSockets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.SplittableRandom;
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
 * <p>The protocol itself is the test kit's {@link AgentAnswers}, {@link AgentSockets} and {@link AgentReports}; the journal is {@link
 * ChaosJournal}; retries and task run times are {@link LoopTimers}.
 *
 * <p>Threading: one loop thread owns every socket and the timers; other threads post commands. The
 * journal and the counters may be read from any thread.
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

  private static final long REGISTER_BACKOFF_MS = 1000;
  private static final long REPORT_BACKOFF_MS = 500;
  private static final long MAX_BACKOFF_MS = 30_000;

  private final Settings settings;
  private final String backendAddress;
  private final String instance = Long.toHexString(System.nanoTime());
  private final ZContext context = new ZContext(2);
  private final LoopInbox inbox = new LoopInbox();
  private final LoopTimers timers = new LoopTimers();
  private final SplittableRandom random = new SplittableRandom(11);
  private final ZMQ.Socket[] rpc;
  private final ZMQ.Socket[] pong;
  private final int[] rpcPorts;
  private final int[] pongPorts;
  private final boolean[] alive;
  private final long[] lastSeen;
  private final boolean[] registering;
  private final List<Map<String, Object>> devices;
  private final ChaosJournal journal = new ChaosJournal();
  private final Thread loop;
  private volatile IntUnaryOperator advertised = IntUnaryOperator.identity();
  private BackendPipeline backend;
  private BackendPipeline updates;
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
    inbox.post(
        () -> {
          for (int i = 0; i < settings.agents(); i++) {
            register(i);
          }
        });
  }

  /** Registrations the backend accepted so far. */
  public long registrations() {
    return journal.registrations();
  }

  /** Pings answered so far. */
  public long pings() {
    return journal.pings();
  }

  /** Kills agent {@code i} as {@code kill -9} would: it stops answering and never reports its running tasks. */
  public void kill(int i) {
    inbox.post(
        () -> {
          alive[i] = false;
          rpc[i].unbind(rpc[i].getLastEndpoint());
          pong[i].unbind(pong[i].getLastEndpoint());
        });
  }

  /** How many times each agent executed the task (task_id to agent index to count). */
  public Map<Integer, Integer> executions(String taskId) {
    return journal.executions(taskId);
  }

  /** Every task_id an agent executed. */
  public List<String> executedTasks() {
    return journal.executedTasks();
  }

  /** Re-deliveries refused as duplicates. */
  public long duplicates() {
    return journal.duplicates();
  }

  /** The acknowledged result of a task, or null. */
  public Acked acknowledged(String taskId) {
    return journal.acknowledged(taskId);
  }

  /** Every acknowledged result by task_id. */
  public Map<String, Acked> acknowledged() {
    return journal.acknowledged();
  }

  /** Completions the backend refused with an error reply, by task_id (the reply). */
  public Map<String, String> refused() {
    return journal.refused();
  }

  /** The earliest acknowledgement at or after {@code nanos} (System.nanoTime), if any. */
  public OptionalLong firstAckAfter(long nanos) {
    return journal.firstAckAfter(nanos);
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
          } else if (AgentReports.ok(reply)) {
            registering[i] = false;
            journal.registered();
            lastSeen[i] = System.nanoTime();
          } else {
            later(backoffMs, () -> register(i, Math.min(2 * backoffMs, MAX_BACKOFF_MS)));
          }
        });
  }

  private void later(long ms, Runnable action) {
    timers.after(ms * 1_000_000, action);
  }

  private Map<String, Object> agentInfo(int i) {
    return AgentReports.agentInfo(
        "127.0.0.1", advertised.applyAsInt(rpcPorts[i]), advertised.applyAsInt(pongPorts[i]), "chaos-" + instance + "-" + i);
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
    int wakeIndex = poller.register(inbox.channel(), ZMQ.Poller.POLLIN);
    long lastCheck = System.nanoTime();
    try {
      while (running) {
        poller.poll(timers.pollMillis(System.nanoTime(), 100));
        inbox.runPosted(poller.pollin(wakeIndex));
        for (int i = 0; i < settings.agents(); i++) {
          int agent = i;
          if (alive[i] && poller.pollin(pongIndex[i])) {
            AgentSockets.servePongs(pong[i], () -> pinged(agent));
          }
          if (alive[i] && poller.pollin(rpcIndex[i])) {
            AgentSockets.serveRpc(rpc[i], AgentAnswers.Dialect.MERCURY, (taskId, jobId, arg) -> echo(agent, taskId, jobId, arg));
          }
        }
        for (ZMQ.Socket s : backend.sockets()) {
          backend.readReplies(s);
        }
        for (ZMQ.Socket s : updates.sockets()) {
          updates.readReplies(s);
        }
        long now = System.nanoTime();
        timers.runDue(now);
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

  private void pinged(int i) {
    journal.pinged();
    lastSeen[i] = System.nanoTime();
  }

  /**
   * A valid echo reached agent {@code i}: taken on unless the agent has it already; STARTED once, best
   * effort, then the result after the task's run time.
   */
  private AgentReply echo(int i, String taskId, String jobId, Object arg) {
    double started = AgentAnswers.now();
    if (!journal.execute(taskId, i)) {
      return AgentAnswers.duplicate(taskId, started);
    }
    updates.call("update_task", List.of(AgentReports.started(taskId, jobId, started)), reply -> {}); // best effort, one attempt, as the agent
    String result = arg + " from " + mercuryId(i);
    long jitter = settings.taskJitter().toNanos();
    long delay = settings.taskDelay().toNanos() + (jitter > 0 ? random.nextLong(jitter) : 0);
    later(delay / 1_000_000, () -> complete(i, taskId, jobId, started, result));
    return AgentAnswers.accepted(started);
  }

  private void complete(int i, String taskId, String jobId, double started, String result) {
    if (!alive[i]) {
      return; // killed while running: the result never existed
    }
    report(i, taskId, AgentReports.completed(taskId, jobId, started, result, false), result, REPORT_BACKOFF_MS);
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
          if (AgentReports.ok(reply)) {
            Object message = reply instanceof Map<?, ?> m ? m.get("message") : null;
            journal.acknowledged(taskId, new Acked(i, "SUCCESS", result, message, System.nanoTime()));
          } else if (!(reply instanceof Map<?, ?> r) || String.valueOf(r.get("message")).startsWith("Server busy")) {
            later(backoffMs, () -> report(i, taskId, data, result, Math.min(2 * backoffMs, MAX_BACKOFF_MS)));
          } else {
            journal.refused(taskId, String.valueOf(reply));
          }
        });
  }

  @Override
  public void close() {
    running = false;
    inbox.wake();
    try {
      loop.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    inbox.close();
    for (int i = 0; i < settings.agents(); i++) {
      rpc[i].close();
      pong[i].close();
    }
    context.close();
  }
}
