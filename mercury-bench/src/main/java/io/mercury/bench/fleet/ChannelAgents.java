package io.mercury.bench.fleet;

import io.mercury.bench.SyntheticDevices;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.Reply;
import io.mercury.common.protocol.Request;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.ZContext;

/**
 * One process of a {@link ChannelFleet}: Mercury agents that speak the agent channel (docs/protocol.md,
 * "Agent channel"), each with its own {@link ServiceClient} (one DEALER connection to the backend, with
 * its own CURVE key when the fleet has keys) whose {@link ServiceClient.Inbound} handler answers the
 * backend's tasks, cancels and pings. Each agent behaves as mercury-agent's {@code Registrar} and {@code
 * ResultReporter} do: registers with {@code agent_info.channel: 1} (and {@code curve_public_key}),
 * retrying with a back-off of 1 s doubling up to 30 s; sends {@code heartbeat(mercury_id, channel=true)}
 * at the interval the backend asked for, and at once when its connection is proven again; answers an echo
 * with status 0, then reports {@code complete_task} (until acknowledged) over the same connection, preceded by {@code
 * update_task} STARTED (one attempt, not waited for) only when the task takes 50 ms or more. An agent's blocking calls run on a virtual thread of its own.
 *
 * <p>{@code ChannelAgents BACKEND BACKEND_KEY|- FIRST COUNT KEYS_FILE|- [TASK_DELAY_MS]}: agents FIRST to FIRST +
 * COUNT - 1; KEYS_FILE has one line per agent, {@code public secret} (Z85), or {@code -} for plaintext; an
 * echo reports its result TASK_DELAY_MS (default 0) after it started. Commands on
 * stdin, answers on stdout: {@code register} (answered {@code registered ACCEPTED CHANNEL} once every agent
 * is registered), {@code stats} ({@code stats pings heartbeats tasks duplicates acked lost busy reconnects}), {@code
 * mark} (forget which agents heard from the backend), {@code back} ({@code back K}: agents whose
 * registration was accepted or heartbeat answered {@code known} since the last mark), {@code kill I} (agent I
 * closes its connection and goes silent), {@code quit}. A heartbeat answered {@code known: false} (a backend
 * that lost the agent) makes the agent register again at once, as mercury-agent's {@code Registrar} does.
 */
public final class ChannelAgents {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long STARTED_HOLD_MS = 50;

  private final String backend;
  private final String backendKey;
  private final long taskDelayMs;
  private final ZContext context = new ZContext(2);
  private final List<Agent> agents = new ArrayList<>();
  private final AtomicLong pings = new AtomicLong();
  private final AtomicLong heartbeats = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final AtomicLong busy = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong channels = new AtomicLong();

  private ChannelAgents(String backend, String backendKey, long taskDelayMs) {
    this.backend = backend;
    this.backendKey = backendKey;
    this.taskDelayMs = taskDelayMs;
    // Each client holds three sockets (its DEALER, the monitor's two ends), more while a replaced
    // connection waits for the reaper; JeroMQ's default of 1,024 per context ends client loops at ~300.
    context.getContext().setMaxSockets(16_384);
  }

  public static void main(String[] args) throws Exception {
    ChannelAgents fleet = new ChannelAgents(args[0], "-".equals(args[1]) ? null : args[1], args.length > 5 ? Long.parseLong(args[5]) : 0);
    int first = Integer.parseInt(args[2]);
    int count = Integer.parseInt(args[3]);
    List<CurveKeyPair> keys = new ArrayList<>();
    if (!"-".equals(args[4])) {
      for (String line : Files.readAllLines(Path.of(args[4]))) {
        String[] k = line.trim().split(" ");
        keys.add(new CurveKeyPair(k[0], k[1]));
      }
    }
    SyntheticDevices devices = new SyntheticDevices(new Random(42 + first));
    for (int i = 0; i < count; i++) {
      fleet.agents.add(fleet.new Agent(first + i, devices.device(first + i), keys.isEmpty() ? null : keys.get(i)));
    }
    System.out.println("ready");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] command = line.trim().split(" ");
      switch (command[0]) {
        case "register" -> Thread.ofPlatform().daemon().start(fleet::registerAll);
        case "stats" -> fleet.printStats();
        case "mark" -> fleet.agents.forEach(a -> a.back = false);
        case "back" -> fleet.printBack();
        case "kill" -> fleet.agents.get(Integer.parseInt(command[1]) - first).kill();
        case "quit" -> {
          fleet.close();
          return;
        }
        default -> System.err.println("unknown command " + line);
      }
    }
    fleet.close();
  }

  private void registerAll() {
    CountDownLatch done = new CountDownLatch(agents.size());
    for (Agent agent : agents) {
      Thread.ofVirtual().start(() -> agent.run(done));
    }
    try {
      done.await();
    } catch (InterruptedException e) {
      return;
    }
    synchronized (System.out) {
      System.out.println("registered " + accepted.get() + " " + channels.get());
      System.out.flush();
    }
  }

  private void printStats() {
    synchronized (System.out) {
      long reconnects = 0;
      for (Agent a : agents) {
        ServiceClient c = a.client;
        reconnects += c == null ? 0 : c.reconnects();
      }
      System.out.printf("stats %d %d %d %d %d %d %d %d%n",
          pings.get(), heartbeats.get(), tasks.get(), duplicates.get(), acked.get(), lost.get(), busy.get(), reconnects);
      System.out.flush();
    }
  }

  private void printBack() {
    synchronized (System.out) {
      System.out.println("back " + agents.stream().filter(a -> a.back).count());
      System.out.flush();
    }
  }

  private final AtomicLong notes = new AtomicLong();

  /** The first 50 failures go to stderr (the process's log). */
  private void note(String message) {
    if (notes.incrementAndGet() <= 50) {
      System.err.println(java.time.Instant.now() + " " + message);
    }
  }

  private void close() {
    agents.forEach(Agent::kill);
    context.close();
  }

  /** One simulated Mercury agent. */
  private final class Agent implements ServiceClient.Inbound {
    private final int index;
    private final String mercuryId;
    private final Map<String, Object> device;
    private final CurveKeyPair key;
    private final Semaphore wake = new Semaphore(0);
    private final Set<String> taskIds = ConcurrentHashMap.newKeySet();
    private volatile ServiceClient client;
    private volatile boolean registered;
    private volatile boolean killed;
    /** Heard from the backend (registration accepted, heartbeat known) since the last {@code mark}. */
    private volatile boolean back;

    Agent(int index, Map<String, Object> device, CurveKeyPair key) {
      this.index = index;
      this.mercuryId = SyntheticDevices.mercuryId(index);
      this.device = device;
      this.key = key;
    }

    void run(CountDownLatch done) {
      ClientSettings settings =
          ClientSettings.defaults("backend")
              .withTimeout(TIMEOUT)
              .withRetries(0)
              .withCurve(key == null ? null : new CurveClient(key, backendKey));
      client = new ServiceClient(context, backend, settings, this);
      Duration interval = registerUntilAccepted();
      done.countDown();
      while (!killed && interval != null) {
        try {
          if (wake.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS)) {
            wake.drainPermits();
          }
        } catch (InterruptedException e) {
          return;
        }
        if (killed) {
          return;
        }
        try {
          if (client.call(new Request("heartbeat", List.of(mercuryId), Map.of("channel", true)), true) instanceof Reply.Ok ok
              && ok.message() instanceof Map<?, ?> m) {
            if (Boolean.TRUE.equals(m.get("known"))) {
              heartbeats.incrementAndGet();
              back = true;
            } else if (Boolean.FALSE.equals(m.get("known"))) {
              interval = registerUntilAccepted();
            }
          }
        } catch (TransportException e) {
          // not resent; the next one goes on time, as the Registrar does
        }
      }
    }

    /** The heartbeat interval the backend asked for (null: none), once registered. */
    private Duration registerUntilAccepted() {
      Duration backoff = Duration.ofSeconds(1);
      while (!killed) {
        try {
          Reply reply0 = client.call(new Request("register", List.of(device, agentInfo()), Map.of()), true);
          if (reply0 instanceof Reply.Ok ok) {
            accepted.incrementAndGet();
            Map<?, ?> reply = ok.message() instanceof Map<?, ?> m ? m : Map.of();
            if (Boolean.TRUE.equals(reply.get("channel"))) {
              channels.incrementAndGet();
            }
            registered = true;
            back = true;
            return reply.get("heartbeat_interval") instanceof Number s && s.doubleValue() > 0
                ? Duration.ofMillis(Math.round(s.doubleValue() * 1000))
                : null;
          }
          busy.incrementAndGet();
          note("agent " + index + ": registration refused (" + ((Reply.Failure) reply0).message() + "), retrying in " + backoff.toSeconds() + " s");
        } catch (TransportException e) {
          note("agent " + index + ": registration unanswered (" + e.getMessage() + "), retrying in " + backoff.toSeconds() + " s");
        }
        try {
          Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
          return null;
        }
        backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : backoff.multipliedBy(2);
      }
      return null;
    }

    private Map<String, Object> agentInfo() {
      Map<String, Object> echo = AgentWire.echoCapability();
      Map<String, Object> info = new LinkedHashMap<>();
      // Nothing listens there: a task or ping that does not come over the channel fails.
      info.put("rpc_address", "127.0.0.1");
      info.put("rpc_address6", null);
      info.put("rpc_port", 9);
      info.put("ping_port", 9);
      info.put("localtime", AgentWire.now());
      info.put("instance", "channel-fleet-" + index);
      info.put("capabilities", Map.of("echo", echo));
      info.put("channel", 1);
      if (key != null) {
        info.put("curve_public_key", key.publicKey());
      }
      return info;
    }

    @Override
    public void connected() {
      if (registered) {
        wake.release(); // a heartbeat at once binds the new connection
      }
    }

    @Override
    public byte[] handle(byte[] payload) {
      Object decoded = AgentWire.decode(payload);
      if (!(decoded instanceof Map<?, ?> message)) {
        return MsgPack.encode(Map.of("error", true, "message", "Client error, message is malformed"));
      }
      if ("ping".equals(message.get("message")) && !message.containsKey("category")) {
        pings.incrementAndGet();
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
        duplicates.incrementAndGet();
        data.put("message", "already have task " + taskId);
        data.put("duplicate", true);
        return MsgPack.encode(AgentWire.status(0, data));
      }
      tasks.incrementAndGet();
      data.put("message", "Hakuna matata");
      Object arg = args.getFirst();
      Thread.ofVirtual().start(() -> report(taskId, jobId, started, arg));
      return MsgPack.encode(AgentWire.status(0, data));
    }

    private void report(String taskId, String jobId, double started, Object arg) {
      Map<String, Object> update = new HashMap<>();
      update.put("task_id", taskId);
      update.put("job_id", jobId);
      update.put("status", "STARTED");
      update.put("time_started", started);
      // As mercury-agent's ResultReporter: a STARTED waits 50 ms for its task's result and is not sent
      // when the result comes within it (the backend records both from the result); else it is sent
      // first, one attempt, not waited for.
      if (taskDelayMs >= STARTED_HOLD_MS) {
        Thread.ofVirtual().start(() -> {
          try {
            client.call(new Request("update_task", List.of(update), Map.of()), true);
          } catch (TransportException e) {
            // not sent again
          }
        });
      }
      if (taskDelayMs > 0) {
        try {
          Thread.sleep(taskDelayMs); // the echo's work
        } catch (InterruptedException e) {
          return;
        }
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
      long backoffMs = 100;
      for (int attempt = 0; attempt < 50 && !killed; attempt++) {
        try {
          switch (client.call(new Request("complete_task", List.of(done), Map.of()), true)) {
            case Reply.Ok ok -> {
              acked.incrementAndGet();
              return;
            }
            case Reply.Failure f -> busy.incrementAndGet();
          }
        } catch (TransportException e) {
          // sent again after the back-off
        }
        try {
          Thread.sleep(backoffMs);
        } catch (InterruptedException e) {
          return;
        }
        backoffMs = Math.min(5000, backoffMs * 2);
      }
      lost.incrementAndGet();
    }

    void kill() {
      killed = true;
      wake.release();
      ServiceClient c = client;
      if (c != null) {
        c.close();
      }
    }
  }
}
