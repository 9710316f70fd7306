package io.mercury.bench.fleet;

import io.mercury.bench.SyntheticDevices;
import io.mercury.common.protocol.agent.AgentReply;
import io.mercury.testkit.AgentAnswers;
import io.mercury.testkit.AgentReports;
import io.mercury.testkit.agent.AgentSockets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * One process impersonating N agents over the original agent protocol (docs/protocol.md, "RPC backend" and "Agent"):
 * each registers a distinct synthetic device with the backend, answers pings on its own pong endpoint,
 * accepts {@code {"category": "rpc", "method": "echo"}} tasks on its own rpc endpoint, and reports
 * {@code update_task} (STARTED) and {@code complete_task} (SUCCESS, or ERROR at the configured failure
 * rate) after the configured per-task delay.
 *
 * <p>Cheap at 10,000 agents: agent {@code i} advertises its own loopback address ({@code 127.10.x.y},
 * see {@link #agentHost}) with its group's rpc and pong port; each group is one ROUTER and one REP socket
 * bound to the wildcard address, which accepts connections to every loopback address. So N agents cost
 * {@code 2 * groups} listening sockets instead of 2N (the file-descriptor limit here is 20,000, which 2N
 * listeners would exhaust at N = 10,000). A message is known to have come to its group, not to which
 * agent of the group: echo does not need more. The first {@code killable} agents instead have sockets of
 * their own on 127.0.0.1, so {@link #kill} can silence exactly one agent.
 *
 * <p>Heartbeats: with {@link Settings#heartbeats()}, each agent behaves as a Mercury agent does when the
 * backend's {@code register} reply carries {@code heartbeat_interval}: it sends {@code
 * heartbeat(mercury_id)} that often (the first one at a random point of the first interval, as real
 * agents are spread), so the backend leaves it unpinged. Without, the fleet is the original's agents,
 * which only answer pings.
 *
 * <p>Plaintext, as the original's agents are: an agent key is bound to one device, so CURVE agents are
 * simulated by {@link ChannelFleet} (a key and a connection per agent).
 *
 * <p>The protocol itself is the test kit's {@link AgentAnswers}, {@link AgentSockets} and {@link AgentReports}; the delayed reports and
 * heartbeats are {@link LoopTimers}.
 *
 * <p>Threading: one loop thread owns every socket (agent-side and the {@link BackendPipeline} to the
 * backend) and the timers; other threads talk to it through a command queue and a wake-up pipe. {@link
 * #stats} may be read from any thread.
 */
public final class FleetSimulator implements SimulatedFleet {
  /**
   * How the fleet behaves.
   *
   * @param agents N
   * @param groups socket groups (one ROUTER and one REP each)
   * @param killable agents with sockets of their own, which {@link #kill} can stop
   * @param taskDelay time from accepting a task to completing it (STARTED is reported at once)
   * @param failureRate fraction of tasks completed as ERROR
   * @param backendSockets DEALER sockets to the backend
   * @param heartbeats whether agents send heartbeats when the backend asks for them
   */
  public record Settings(
      int agents, int groups, int killable, Duration taskDelay, double failureRate, int backendSockets, boolean heartbeats) {
    public static Settings of(int agents) {
      return new Settings(agents, Math.max(1, Math.min(16, agents / 250)), 1, Duration.ZERO, 0.0, 8, true);
    }
  }

  /** Counters since start; read from any thread. */
  public record Stats(
      long pings,
      long heartbeats,
      long tasks,
      long duplicates,
      long reportsAcked,
      long reportsLost,
      long backendResent,
      long backendBusy) {}

  private final Settings settings;
  private final String backendAddress;
  private final String instance = Long.toHexString(System.nanoTime());
  private final ZContext context = new ZContext(2);
  private final LoopInbox inbox = new LoopInbox();
  private final LoopTimers timers = new LoopTimers();
  private final SplittableRandom random = new SplittableRandom(7);
  private final List<ZMQ.Socket> rpcSockets = new ArrayList<>();
  private final List<ZMQ.Socket> pongSockets = new ArrayList<>();
  private final int[] rpcPorts;
  private final int[] pongPorts;
  private final Set<String> taskIds = new HashSet<>();
  private final AtomicLong pings = new AtomicLong();
  private final AtomicLong heartbeats = new AtomicLong();
  /** Agents stopped by {@link #kill}; owned by the loop thread. */
  private final Set<Integer> killed = new HashSet<>();
  private final AtomicLong tasks = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final AtomicLong resent = new AtomicLong();
  private final AtomicLong busy = new AtomicLong();
  private final Thread loop;
  private BackendPipeline backend;
  private volatile boolean running = true;

  /** Binds every agent's endpoints and starts the loop; agents register on {@link #registerAll}. */
  FleetSimulator(String backendAddress, Settings settings) {
    this.settings = settings;
    this.backendAddress = backendAddress;
    int sockets = settings.groups() + settings.killable();
    rpcPorts = new int[sockets];
    pongPorts = new int[sockets];
    for (int s = 0; s < sockets; s++) {
      String bind = s < settings.killable() ? "tcp://127.0.0.1" : "tcp://*";
      ZMQ.Socket rpc = context.createSocket(SocketType.ROUTER);
      rpc.setLinger(0);
      rpc.setRcvHWM(0);
      rpc.setSndHWM(0);
      rpcPorts[s] = rpc.bindToRandomPort(bind, 20_000, 32_000);
      rpcSockets.add(rpc);
      ZMQ.Socket pong = context.createSocket(SocketType.REP);
      pong.setLinger(0);
      pongPorts[s] = pong.bindToRandomPort(bind, 20_000, 32_000);
      pongSockets.add(pong);
    }
    loop = Thread.ofPlatform().name("fleet-simulator").daemon().unstarted(this::run);
    loop.start();
  }

  /** The address agent {@code i} advertises: 127.0.0.1 for a killable agent, else 127.10.x.y. */
  private String agentHost(int i) {
    if (i < settings.killable()) {
      return "127.0.0.1";
    }
    return "127.10." + (i / 250) + "." + (i % 250 + 1);
  }

  private int socketOf(int i) {
    return i < settings.killable() ? i : settings.killable() + i % settings.groups();
  }

  @Override
  public String mercuryId(int i) {
    return SyntheticDevices.mercuryId(i);
  }

  /**
   * Sends every agent's registration at once; the future completes with the number the backend
   * accepted once every registration has been answered (or given up on).
   */
  @Override
  public CompletableFuture<Integer> registerAll() {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    SyntheticDevices devices = new SyntheticDevices(new Random(42));
    List<Map<String, Object>> docs = new ArrayList<>(settings.agents());
    for (int i = 0; i < settings.agents(); i++) {
      docs.add(devices.device(i));
    }
    inbox.post(
        () -> {
          int[] answered = new int[2];
          for (int i = 0; i < docs.size(); i++) {
            int agent = i;
            backend.call(
                "register",
                List.of(docs.get(i), agentInfo(i)),
                reply -> {
                  answered[0]++;
                  if (reply instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("error"))) {
                    answered[1]++;
                    startHeartbeats(agent, m.get("message"));
                  }
                  if (answered[0] == docs.size()) {
                    done.complete(answered[1]);
                  }
                });
          }
        });
    return done;
  }

  /** Stops agent {@code i} (a killable one) answering pings and tasks, as if its process died. */
  @Override
  public void kill(int i) {
    if (i >= settings.killable()) {
      throw new IllegalArgumentException("agent " + i + " shares its sockets; only the first " + settings.killable() + " can be killed");
    }
    inbox.post(
        () -> {
          killed.add(i);
          rpcSockets.get(i).unbind(rpcSockets.get(i).getLastEndpoint());
          pongSockets.get(i).unbind(pongSockets.get(i).getLastEndpoint());
        });
  }

  @Override
  public List<Long> pids() {
    return List.of(ProcessHandle.current().pid());
  }

  @Override
  public Stats stats() {
    return new Stats(pings.get(), heartbeats.get(), tasks.get(), duplicates.get(), acked.get(), lost.get(), resent.get(), busy.get());
  }

  /** After a registration: heartbeats at the interval the backend asked for, if it did and they are on. */
  private void startHeartbeats(int agent, Object registerReply) {
    if (!settings.heartbeats()
        || !(registerReply instanceof Map<?, ?> m)
        || !(m.get("heartbeat_interval") instanceof Number seconds)
        || seconds.doubleValue() <= 0) {
      return;
    }
    Duration interval = Duration.ofMillis(Math.round(seconds.doubleValue() * 1000));
    at(Duration.ofMillis(random.nextLong(interval.toMillis())), () -> heartbeat(agent, interval));
  }

  private void heartbeat(int agent, Duration interval) {
    if (killed.contains(agent)) {
      return;
    }
    backend.call(
        "heartbeat",
        List.of(mercuryId(agent)),
        reply -> {
          if (reply instanceof Map<?, ?> m && m.get("message") instanceof Map<?, ?> r && Boolean.TRUE.equals(r.get("known"))) {
            heartbeats.incrementAndGet();
          }
        });
    at(interval, () -> heartbeat(agent, interval));
  }

  private Map<String, Object> agentInfo(int i) {
    return AgentReports.agentInfo(agentHost(i), rpcPorts[socketOf(i)], pongPorts[socketOf(i)], "fleet-" + instance + "-" + i);
  }

  private void run() {
    backend = new BackendPipeline(context, backendAddress, settings.backendSockets(), 30_000, 10);
    ZMQ.Poller poller = context.createPoller(rpcSockets.size() + pongSockets.size() + settings.backendSockets() + 1);
    for (ZMQ.Socket s : rpcSockets) {
      poller.register(s, ZMQ.Poller.POLLIN);
    }
    for (ZMQ.Socket s : pongSockets) {
      poller.register(s, ZMQ.Poller.POLLIN);
    }
    for (ZMQ.Socket s : backend.sockets()) {
      poller.register(s, ZMQ.Poller.POLLIN);
    }
    int wakeIndex = poller.register(inbox.channel(), ZMQ.Poller.POLLIN);
    try {
      while (running) {
        poller.poll(timers.pollMillis(System.nanoTime(), 100));
        inbox.runPosted(poller.pollin(wakeIndex));
        for (ZMQ.Socket pong : pongSockets) {
          AgentSockets.servePongs(pong, pings::incrementAndGet);
        }
        for (ZMQ.Socket rpc : rpcSockets) {
          AgentSockets.serveRpc(rpc, AgentAnswers.Dialect.MERCURY, this::echo);
        }
        for (ZMQ.Socket s : backend.sockets()) {
          backend.readReplies(s);
        }
        long now = System.nanoTime();
        timers.runDue(now);
        backend.expire(now);
        resent.set(backend.resent());
        busy.set(backend.busy());
      }
    } catch (ZMQException e) {
      if (running) {
        throw e;
      }
    } finally {
      poller.close();
      backend.close();
      rpcSockets.forEach(ZMQ.Socket::close);
      pongSockets.forEach(ZMQ.Socket::close);
    }
  }

  /** A valid echo reached the group: taken on unless its task_id was seen before; STARTED now, the result after the delay. */
  private AgentReply echo(String taskId, String jobId, Object arg) {
    double started = AgentAnswers.now();
    if (!taskIds.add(taskId)) {
      duplicates.incrementAndGet();
      return AgentAnswers.duplicate(taskId, started);
    }
    tasks.incrementAndGet();
    backend.call("update_task", List.of(AgentReports.started(taskId, jobId, started)), this::countReport);
    boolean fails = random.nextDouble() < settings.failureRate();
    at(settings.taskDelay(), () -> backend.call("complete_task", List.of(AgentReports.completed(taskId, jobId, started, arg, fails)), this::countReport));
    return AgentAnswers.accepted(started);
  }

  private void countReport(Object reply) {
    if (AgentReports.ok(reply)) {
      acked.incrementAndGet();
    } else {
      lost.incrementAndGet();
    }
  }

  /** Runs {@code action} after {@code delay}: at once, before returning, if the delay is not positive. */
  private void at(Duration delay, Runnable action) {
    if (delay.isZero() || delay.isNegative()) {
      action.run();
      return;
    }
    timers.after(delay.toNanos(), action);
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
    context.close();
  }
}
