package io.mercury.bench.fleet;

import io.mercury.bench.SyntheticDevices;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.Reply;
import io.mercury.common.protocol.Request;
import io.mercury.common.protocol.agent.AgentReply;
import io.mercury.common.protocol.agent.AgentWire;
import io.mercury.common.security.CurveClient;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.time.Backoff;
import io.mercury.testkit.AgentAnswers;
import io.mercury.testkit.AgentReports;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One simulated Mercury agent of a {@link ChannelAgents} process; every method runs on that process's loop
 * thread, which owns the agent's connection. It behaves as mercury-agent does:
 *
 * <ul>
 *   <li>Its connection, as {@code ServiceClient}'s ({@link ChannelConnection}).
 *   <li>Its {@code Registrar}: registers with {@code agent_info.channel: 1} (and {@code curve_public_key}),
 *       retrying with a jittered back-off of 1 s doubling up to 30 s; sends {@code heartbeat(mercury_id,
 *       channel=true)} at the interval the backend asked for, and at once when its connection is proven
 *       again; registers again when a heartbeat is answered {@code known: false}.
 *   <li>Its {@code RpcHandler} and {@code ResultReporter}: answers pings (naming its device), cancels and
 *       echoes arriving over the channel; reports {@code complete_task} until acknowledged (back-off
 *       100 ms doubling to 5 s, jittered, 50 attempts), preceded by one {@code update_task} STARTED only when the
 *       task takes 50 ms or more.
 * </ul>
 */
final class ChannelAgent {
  private static final long STARTED_HOLD_MS = 50;

  private final ChannelAgents process;
  private final ChannelAgents.Counters counters;
  private final int index;
  private final String mercuryId;
  private final Map<String, Object> device;
  private final CurveClient curve;
  private final ChannelConnection connection;
  private final long taskDelayMs;
  private final Set<String> taskIds = new HashSet<>();

  private boolean started;
  private boolean firstRegistrationDone;
  private boolean registered;
  private boolean killed;
  private boolean back;
  /** As the Registrar's: 1 s doubling to 30 s, jittered, so agents refused together do not retry together. */
  private final Backoff registerBackoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
  private long heartbeatMs;
  private int heartbeatSequence;

  ChannelAgent(ChannelAgents process, int index, Map<String, Object> device, String backend, String backendKey,
      CurveKeyPair key, Duration taskDelay) {
    this.process = process;
    this.counters = process.counters();
    this.index = index;
    this.mercuryId = SyntheticDevices.mercuryId(index);
    this.device = device;
    this.curve = key == null ? null : new CurveClient(key, backendKey);
    this.connection = new ChannelConnection(process, "agent " + index, backend, curve, this::handle, this::connected);
    this.taskDelayMs = taskDelay.toMillis();
  }

  /** Connects and registers. */
  void start() {
    if (started || killed) {
      return;
    }
    started = true;
    connection.open();
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
    connection.close();
    if (started && !firstRegistrationDone) {
      firstRegistrationDone = true;
      process.registrationDone();
    }
  }

  // --- the Registrar

  /** A connection was proven: a registered agent heartbeats at once, which binds it as its channel. */
  private void connected() {
    if (registered) {
      heartbeat();
    }
  }

  private void register() {
    connection.call(new Request("register", List.of(device, agentInfo()), Map.of()), reply -> {
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
    long pauseMs = registerBackoff.next().toMillis();
    process.note("agent " + index + ": " + why + ", retrying in " + pauseMs + " ms");
    process.schedule(pauseMs, this::register);
  }

  private void accepted(Map<?, ?> reply) {
    counters.accepted.incrementAndGet();
    if (Boolean.TRUE.equals(reply.get("channel"))) {
      counters.channels.incrementAndGet();
    }
    registered = true;
    back = true;
    registerBackoff.reset();
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
    connection.call(new Request("heartbeat", List.of(mercuryId), Map.of("channel", true)), reply -> {
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
    info.put("localtime", AgentAnswers.now());
    info.put("instance", "channel-fleet-" + index);
    info.put("capabilities", Map.of("echo", AgentReports.echoCapability(true)));
    info.put("channel", 1);
    if (curve != null) {
      info.put("curve_public_key", curve.key().publicKey());
    }
    return info;
  }

  // --- the RpcHandler and ResultReporter

  private byte[] handle(byte[] payload) {
    Object decoded = AgentAnswers.decode(payload);
    if (AgentWire.ping(decoded).isPresent() && !((Map<?, ?>) decoded).containsKey("category")) {
      counters.pings.incrementAndGet();
      return MsgPack.encode(AgentAnswers.pong(mercuryId));
    }
    return MsgPack.encode(AgentAnswers.answer(decoded, AgentAnswers.Dialect.MERCURY, this::echo));
  }

  private AgentReply echo(String taskId, String jobId, Object arg) {
    double started = AgentAnswers.now();
    if (!taskIds.add(taskId)) {
      counters.duplicates.incrementAndGet();
      return AgentAnswers.duplicate(taskId, started);
    }
    counters.tasks.incrementAndGet();
    if (taskDelayMs >= STARTED_HOLD_MS) {
      Map<String, Object> update = AgentReports.started(taskId, jobId, started);
      // after the task's acceptance is written: one attempt, not waited for
      process.schedule(0, () -> connection.call(new Request("update_task", List.of(update), Map.of()), r -> {}, () -> {}));
    }
    process.schedule(taskDelayMs, () -> complete(taskId, jobId, started, arg, 0, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5))));
    return AgentAnswers.accepted(started);
  }

  private void complete(String taskId, String jobId, double started, Object arg, int attempt, Backoff backoff) {
    if (killed) {
      return;
    }
    if (attempt >= 50) {
      counters.lost.incrementAndGet();
      return;
    }
    Map<String, Object> done = AgentReports.completed(taskId, jobId, started, arg, false);
    Runnable again = () -> process.schedule(backoff.next().toMillis(),
        () -> complete(taskId, jobId, started, arg, attempt + 1, backoff));
    connection.call(new Request("complete_task", List.of(done), Map.of()), reply -> {
      switch (reply) {
        case Reply.Ok ok -> counters.acked.incrementAndGet();
        case Reply.Failure f -> {
          counters.busy.incrementAndGet();
          again.run();
        }
      }
    }, again);
  }
}
