package io.mercury.testkit.agent;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.agent.AgentReply;
import io.mercury.common.protocol.agent.AgentWire;
import io.mercury.common.security.CurveServer;
import io.mercury.testkit.AgentAnswers;
import io.mercury.testkit.AgentReports;
import io.mercury.testkit.ReplyPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * One simulated agent on real ZeroMQ sockets (docs/protocol.md, "Agent"): an rpc ROUTER and a pong socket
 * bound on ephemeral loopback ports, each owned and served by a thread of its own, CURVE servers when
 * given a {@link CurveServer}. With a backend address it registers one device ({@code register(device_info,
 * agent_info)} with the capability {@code echo}, one positional argument) and reports each task it takes
 * on ({@code update_task} STARTED, then {@code complete_task}) from a thread of the task's own, each
 * attempt on a fresh REQ socket, as the original's task runner does. What it does with a task is its
 * {@link ReplyPolicy}.
 *
 * <p>Everything it receives and every backend reply is recorded, for tests to assert on.
 */
public final class FakeAgent implements AutoCloseable {
  private static final int POLL_MS = 100;
  private static final int BACKEND_TIMEOUT_MS = 5_000;
  private static final int BACKEND_ATTEMPTS = 3;

  private final ZContext context;
  private final boolean ownsContext;
  private final String backendAddress;
  private final Map<String, Object> deviceInfo;
  private final ReplyPolicy policy;
  private final ZMQ.Socket rpc;
  private final ZMQ.Socket pong;
  private final int rpcPort;
  private final int pongPort;
  private final Queue<Object> received = new ConcurrentLinkedQueue<>();
  private final Queue<Object> backendReplies = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pings = new AtomicInteger();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;
  private volatile boolean crashed;
  private Object registration;

  private FakeAgent(Builder b) {
    this.context = b.context != null ? b.context : new ZContext();
    this.ownsContext = b.context == null;
    this.backendAddress = b.backendAddress;
    this.deviceInfo = b.deviceInfo;
    this.policy = b.policy;
    rpc = socket(SocketType.ROUTER, b.curve);
    rpcPort = rpc.bindToRandomPort("tcp://127.0.0.1");
    // the original's pong socket is a REP, which an unanswered request wedges; a Mercury agent's answers everything
    pong = socket(policy == ReplyPolicy.ORIGINAL ? SocketType.REP : SocketType.ROUTER, b.curve);
    pongPort = pong.bindToRandomPort("tcp://127.0.0.1");
    start("fake-agent-pong", this::servePong);
    start("fake-agent-rpc", this::serveRpc);
  }

  /** A fake agent of device {@code deviceInfo} (its {@code mercury_id} at least) with {@code policy}. */
  public static Builder builder(Map<String, Object> deviceInfo, ReplyPolicy policy) {
    return new Builder(deviceInfo, policy);
  }

  /** How to start a {@link FakeAgent}. */
  public static final class Builder {
    private final Map<String, Object> deviceInfo;
    private final ReplyPolicy policy;
    private String backendAddress;
    private CurveServer curve;
    private ZContext context;

    private Builder(Map<String, Object> deviceInfo, ReplyPolicy policy) {
      this.deviceInfo = Map.copyOf(deviceInfo);
      this.policy = policy;
    }

    /** Registers with, and reports to, the backend's agent-facing ROUTER, e.g. {@code tcp://127.0.0.1:9002}. */
    public Builder backend(String address) {
      this.backendAddress = address;
      return this;
    }

    /** Both sockets are CURVE servers (the ZAP handler must run in the {@link #context}). */
    public Builder curve(CurveServer server) {
      this.curve = server;
      return this;
    }

    /** The context to make sockets in (not closed by the agent); by default its own. */
    public Builder context(ZContext shared) {
      this.context = shared;
      return this;
    }

    /**
     * Binds, starts serving and, with a backend, registers; returns once the backend answered.
     *
     * @throws IllegalStateException if the backend does not answer the registration (3 attempts of 5 s)
     */
    public FakeAgent start() {
      FakeAgent agent = new FakeAgent(this);
      if (backendAddress != null) {
        agent.registration = agent.toBackend(AgentReports.request("register", List.of(deviceInfo, agent.agentInfo())));
        if (agent.registration == null) {
          agent.close();
          throw new IllegalStateException("the backend at " + backendAddress + " did not answer register");
        }
      }
      return agent;
    }
  }

  public int rpcPort() {
    return rpcPort;
  }

  public int pongPort() {
    return pongPort;
  }

  /** {@code tcp://127.0.0.1:<rpc port>}. */
  public String rpcAddress() {
    return "tcp://127.0.0.1:" + rpcPort;
  }

  /** {@code tcp://127.0.0.1:<pong port>}. */
  public String pongAddress() {
    return "tcp://127.0.0.1:" + pongPort;
  }

  /** The mercury_id of its device. */
  public String mercuryId() {
    return (String) deviceInfo.get("mercury_id");
  }

  /** The backend's reply to the registration; null without a backend. */
  public Object registration() {
    return registration;
  }

  /** Every decoded message the rpc socket received, in order (an undecodable one as the text {@code malformed message}). */
  public List<Object> received() {
    return List.copyOf(received);
  }

  /** The backend's replies to update_task and complete_task, in order ({@code "no reply"} for none). */
  public List<Object> backendReplies() {
    return List.copyOf(backendReplies);
  }

  /** How many pings it answered. */
  public int pingsAnswered() {
    return pings.get();
  }

  /** Whether it has crashed (policy CRASH after its first task, or {@link #crash()}). */
  public boolean crashed() {
    return crashed;
  }

  /** Stops answering and closes both sockets, as a killed process: connections are dropped. */
  public void crash() {
    crashed = true;
    running = false;
  }

  private Map<String, Object> agentInfo() {
    String instance = policy == ReplyPolicy.ORIGINAL ? null : "fake-" + mercuryId();
    return AgentReports.agentInfo("127.0.0.1", rpcPort, pongPort, instance);
  }

  private ZMQ.Socket socket(SocketType type, CurveServer curve) {
    ZMQ.Socket socket = context.createSocket(type);
    socket.setLinger(0);
    socket.setReceiveTimeOut(POLL_MS);
    if (curve != null) {
      curve.apply(socket);
    }
    return socket;
  }

  private void start(String name, Runnable body) {
    Thread t = Thread.ofPlatform().name(name).daemon().unstarted(body);
    threads.add(t);
    t.start();
  }

  private void servePong() {
    try {
      while (running) {
        List<byte[]> frames = receive(pong);
        if (frames == null) {
          continue;
        }
        Object request = AgentAnswers.decode(frames.getLast());
        boolean ping = AgentWire.ping(request).isPresent();
        if (policy == ReplyPolicy.ORIGINAL) {
          if (!ping) {
            System.err.println("original agent: invalid ping, not answering: " + request);
            continue; // the original never answers: its REP socket is wedged from now on
          }
          pong.send(MsgPack.encode(AgentAnswers.pong(null)));
        } else {
          Map<String, Object> reply = ping ? AgentAnswers.pong(mercuryId()) : AgentWire.toWire(new AgentReply.Failure("invalid ping"));
          AgentSockets.send(pong, frames, reply);
        }
        if (ping) {
          pings.incrementAndGet();
        }
      }
    } catch (ZMQException e) {
      // the context was closed
    } finally {
      pong.close();
    }
  }

  private void serveRpc() {
    try {
      while (running) {
        List<byte[]> frames = receive(rpc);
        if (frames == null || frames.size() < 3) {
          continue; // the original drops these without a reply
        }
        Object decoded = AgentAnswers.decode(frames.getLast());
        received.add(decoded == null ? "malformed message" : decoded);
        AgentAnswers.Dialect dialect = policy == ReplyPolicy.ORIGINAL ? AgentAnswers.Dialect.ORIGINAL : AgentAnswers.Dialect.MERCURY;
        Map<String, Object> reply = AgentAnswers.answer(decoded, dialect, this::echo);
        if (reply != null && running) {
          AgentSockets.send(rpc, frames, reply);
        }
      }
    } catch (ZMQException e) {
      // the context was closed
    } finally {
      rpc.close();
    }
  }

  /** A message of one or more frames, or null when none came within the poll time. */
  private static List<byte[]> receive(ZMQ.Socket socket) {
    byte[] first = socket.recv(0);
    if (first == null) {
      return null;
    }
    List<byte[]> frames = new ArrayList<>(3);
    frames.add(first);
    while (socket.hasReceiveMore()) {
      frames.add(socket.recv(0));
    }
    return frames;
  }

  private AgentReply echo(String taskId, String jobId, Object arg) {
    if (policy == ReplyPolicy.CRASH) {
      crash();
      return null;
    }
    double started = AgentAnswers.now();
    if (backendAddress != null) {
      Thread.ofVirtual().name("_" + jobId + "_" + taskId).start(() -> report(taskId, jobId, arg, started));
    }
    return AgentAnswers.accepted(policy == ReplyPolicy.ORIGINAL ? null : started);
  }

  private void report(String taskId, String jobId, Object arg, double started) {
    String startedJobId = policy == ReplyPolicy.ORIGINAL ? null : jobId;
    backendReplies.add(replyOrNone(toBackend(AgentReports.request("update_task", List.of(AgentReports.started(taskId, startedJobId, started))))));
    if (policy == ReplyPolicy.HANG) {
      return;
    }
    Map<String, Object> done = AgentReports.completed(taskId, jobId, started, arg, policy == ReplyPolicy.FAIL);
    backendReplies.add(replyOrNone(toBackend(AgentReports.request("complete_task", List.of(done)))));
  }

  /**
   * One request, each attempt on a fresh REQ socket (the original re-sends until it gets a reply); the
   * decoded reply, or null when no attempt got one.
   */
  private Object toBackend(Map<String, Object> request) {
    for (int attempt = 0; attempt < BACKEND_ATTEMPTS && running; attempt++) {
      try (ZMQ.Socket req = context.createSocket(SocketType.REQ)) {
        req.setLinger(0);
        req.setReceiveTimeOut(BACKEND_TIMEOUT_MS);
        req.connect(backendAddress);
        req.send(MsgPack.encode(request));
        byte[] reply = req.recv(0);
        if (reply != null) {
          return AgentAnswers.decode(reply);
        }
      } catch (ZMQException | IllegalStateException e) {
        return null; // closed while waiting
      }
    }
    return null;
  }

  /** The backend's decoded reply, or the text "no reply" (a queue holds no nulls). */
  private static Object replyOrNone(Object reply) {
    return reply == null ? "no reply" : reply;
  }

  @Override
  public void close() {
    running = false;
    for (Thread t : threads) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (ownsContext) {
      context.close();
    }
  }
}
