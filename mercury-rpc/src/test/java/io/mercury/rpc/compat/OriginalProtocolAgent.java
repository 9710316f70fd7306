package io.mercury.rpc.compat;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * A minimal agent that speaks the original Mercury agent protocol, written only from the reference
 * (§3.3, §3.6, §3.7, §8.2, §8.5, Appendix B) with raw JeroMQ sockets and the msgpack codec, so that it
 * shares no code with the backend it tests.
 *
 * <p>It binds an RPC ROUTER and a pong REP on ephemeral loopback ports, each served by its own thread,
 * then registers with the backend over a REQ socket: {@code register(device_info, agent_info)} with one
 * capability, {@code echo} (one positional argument). An accepted echo task runs on a thread of its own
 * that sends {@code update_task} (STARTED) and then {@code complete_task} (SUCCESS, message = the
 * argument) to the backend, each on a fresh REQ socket, as the original's task runner does.
 *
 * <p>As in the original, an invalid ping is logged and never answered, which wedges the REP socket:
 * every later ping goes unanswered too.
 */
public final class OriginalProtocolAgent implements AutoCloseable {
  private static final int POLL_MS = 100;
  private static final int BACKEND_TIMEOUT_MS = 5_000;
  private static final int BACKEND_ATTEMPTS = 3;

  private final ZContext context = new ZContext();
  private final String backendAddress;
  private final Map<String, Object> deviceInfo;
  private final ZMQ.Socket rpc;
  private final ZMQ.Socket pong;
  private final int rpcPort;
  private final int pongPort;
  private final Queue<Object> received = new ConcurrentLinkedQueue<>();
  private final Queue<Object> backendReplies = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Object registration;
  private final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean running = true;

  /**
   * Binds, starts serving and registers; returns once the backend answered the registration.
   *
   * @param backendAddress the backend's agent-facing ROUTER, e.g. {@code tcp://127.0.0.1:9002}
   * @param deviceInfo the inventory document to register, with its {@code mercury_id}
   * @throws IllegalStateException if the backend does not answer the registration (3 attempts of 5 s)
   */
  public OriginalProtocolAgent(String backendAddress, Map<String, Object> deviceInfo) {
    this.backendAddress = backendAddress;
    this.deviceInfo = deviceInfo;
    rpc = context.createSocket(SocketType.ROUTER);
    rpc.setLinger(0);
    rpc.setReceiveTimeOut(POLL_MS);
    rpcPort = rpc.bindToRandomPort("tcp://127.0.0.1");
    pong = context.createSocket(SocketType.REP);
    pong.setLinger(0);
    pong.setReceiveTimeOut(POLL_MS);
    pongPort = pong.bindToRandomPort("tcp://127.0.0.1");
    start("original-agent-pong", this::servePong);
    start("original-agent-rpc", this::serveRpc);
    registration = toBackend(request("register", List.of(deviceInfo, agentInfo())));
    if (registration == null) {
      close();
      throw new IllegalStateException("the backend at " + backendAddress + " did not answer register");
    }
  }

  public int rpcPort() {
    return rpcPort;
  }

  public int pongPort() {
    return pongPort;
  }

  /** The mercury_id of the registered device document. */
  public String mercuryId() {
    return (String) deviceInfo.get("mercury_id");
  }

  /** The backend's reply to the registration. */
  public Object registration() {
    return registration;
  }

  /** Every decoded message the RPC socket received, in order (undecodable ones as their error text). */
  public List<Object> received() {
    return List.copyOf(received);
  }

  /** The backend's replies to update_task and complete_task, in order. */
  /** How many pings it answered. */
  public int pingsAnswered() {
    return pings.get();
  }

  public List<Object> backendReplies() {
    return List.copyOf(backendReplies);
  }

  private Map<String, Object> agentInfo() {
    Map<String, Object> echo = new LinkedHashMap<>();
    echo.put("name", "echo");
    echo.put("entry", "echo");
    echo.put("description", "Echo something to the console");
    echo.put("doc", "Echo something to the console");
    echo.put("serial", false);
    echo.put("num_args", 1);
    echo.put("kwarg_names", null);
    echo.put("no_return", false);
    echo.put("timeout", 1800);
    echo.put("task_id_kwargs", false);
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("rpc_address", "127.0.0.1");
    info.put("rpc_address6", null);
    info.put("rpc_port", rpcPort);
    info.put("ping_port", pongPort);
    info.put("localtime", now());
    info.put("capabilities", Map.of("echo", echo));
    return info;
  }

  private void start(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private void servePong() {
    try {
      while (running) {
        byte[] request = pong.recv(0);
        if (request == null) {
          continue;
        }
        Object ping = decodeOrNull(request);
        if (!(ping instanceof Map<?, ?> map) || !"ping".equals(map.get("message"))) {
          System.err.println("original agent: invalid ping, not answering: " + ping);
          continue;
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("timestamp", now());
        reply.put("load", load());
        reply.put("message", "pong");
        pong.send(MsgPack.encode(reply));
        pings.incrementAndGet();
      }
    } finally {
      pong.close();
    }
  }

  private void serveRpc() {
    try {
      while (running) {
        byte[] first = rpc.recv(0);
        if (first == null) {
          continue;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (rpc.hasReceiveMore()) {
          frames.add(rpc.recv(0));
        }
        if (frames.size() < 3) {
          continue; // the original drops these without a reply
        }
        Object reply = handle(frames.getLast());
        for (int i = 0; i < frames.size() - 1; i++) {
          rpc.sendMore(frames.get(i));
        }
        rpc.send(MsgPack.encode(reply));
      }
    } finally {
      rpc.close();
    }
  }

  private Object handle(byte[] payload) {
    Object decoded;
    try {
      decoded = MsgPack.decode(payload);
    } catch (MalformedMessageException e) {
      received.add(e.getMessage());
      return Map.of("error", true, "message", "Client error, message is malformed");
    }
    received.add(decoded);
    if (!(decoded instanceof Map<?, ?> message)) {
      return Map.of("error", true, "message", "Client error, message is malformed");
    }
    if ("keep_alive".equals(message.get("_protocol_message"))) {
      return Map.of("_protocol_message", "keep_alive_confirmed");
    }
    Object category = message.get("category");
    if (category == null) {
      return status(1, "missing category, nothing to do");
    }
    if (!"rpc".equals(category)) {
      return status(3, "invalid category");
    }
    Object method = message.get("method");
    if (method == null) {
      return status(3, "method not defined");
    }
    if (!"echo".equals(method)) {
      return status(3, method + " method is not supported");
    }
    if (message.get("task_id") == null || message.get("job_id") == null) {
      return status(3, "message is incomplete, missing task_id/job_id");
    }
    if (!(message.get("args") instanceof List<?> args) || args.size() != 1) {
      return status(4, "arguments for echo are not satisfied");
    }
    String taskId = (String) message.get("task_id");
    String jobId = (String) message.get("job_id");
    Thread task = new Thread(() -> runEcho(taskId, jobId, args.get(0)), "_" + jobId + "_" + taskId);
    task.setDaemon(true);
    task.start();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("time_started", null);
    data.put("message", "Hakuna matata");
    return Map.of("message", Map.of("status", 0, "data", data));
  }

  private void runEcho(String taskId, String jobId, Object arg) {
    double started = now();
    Map<String, Object> update = new LinkedHashMap<>();
    update.put("task_id", taskId);
    update.put("status", "STARTED");
    update.put("time_started", started);
    backendReplies.add(replyOrNone(toBackend(request("update_task", List.of(update)))));
    Map<String, Object> done = new LinkedHashMap<>();
    done.put("status", "SUCCESS");
    done.put("message", arg);
    done.put("traceback", null);
    done.put("job_id", jobId);
    done.put("task_id", taskId);
    done.put("time_started", started);
    done.put("time_completed", now());
    done.put("action", "Completed");
    backendReplies.add(replyOrNone(toBackend(request("complete_task", List.of(done)))));
  }

  private static Map<String, Object> status(int status, Object data) {
    return Map.of("message", Map.of("status", status, "data", data));
  }

  private static Map<String, Object> request(String endpoint, List<Object> args) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("endpoint", endpoint);
    request.put("args", args);
    request.put("kwargs", Map.of());
    return request;
  }

  /**
   * One request, each attempt on a fresh REQ socket (the original re-sends its registration until it
   * gets a reply); the decoded reply, or null when no attempt got one.
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
          return decodeOrNull(reply);
        }
      } catch (ZMQException e) {
        return null; // closed while waiting
      }
    }
    return null;
  }

  /** The backend's decoded reply, or the text "no reply" (a queue holds no nulls). */
  private static Object replyOrNone(Object reply) {
    return reply == null ? "no reply" : reply;
  }

  private static Object decodeOrNull(byte[] bytes) {
    try {
      return MsgPack.decode(bytes);
    } catch (MalformedMessageException e) {
      return null;
    }
  }

  private static double now() {
    return System.currentTimeMillis() / 1000.0;
  }

  private static List<Double> load() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return List.of(
          Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
    } catch (IOException | RuntimeException e) {
      return List.of(0.0, 0.0, 0.0);
    }
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
    context.close();
  }
}
