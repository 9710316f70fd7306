package io.mercury.agent.testing;

import static org.awaitility.Awaitility.await;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * A backend in the original's style for tests: a ROUTER that answers {@code {"error": false, "message":
 * "accepted"}} to everything and records each request. Switches make it refuse ({@link Mode#REJECT}),
 * report itself busy ({@link Mode#BUSY}) or stay silent ({@link Mode#SILENT}), for all endpoints or one.
 * Keep-alive probes are always answered, so "silent" means a live backend that does not reply.
 */
public final class OriginalBackend implements AutoCloseable {
  /** How the backend answers. */
  public enum Mode {
    ACCEPT,
    REJECT,
    BUSY,
    SILENT,
    /** The original's answer to an endpoint it does not have. */
    UNSUPPORTED
  }

  private final ZContext context;
  private final List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Mode> modes = new ConcurrentHashMap<>();
  private final Map<String, Object> answers = new ConcurrentHashMap<>();
  private final CountDownLatch bound = new CountDownLatch(1);
  private volatile Mode defaultMode = Mode.ACCEPT;
  private volatile boolean running = true;
  private volatile String endpoint;
  private final Thread thread;

  private OriginalBackend(ZContext context) {
    this.context = context;
    this.thread = new Thread(this::run, "original-backend");
    thread.setDaemon(true);
  }

  /** Binds an ephemeral port on loopback and starts answering. */
  public static OriginalBackend start(ZContext context) throws InterruptedException {
    OriginalBackend backend = new OriginalBackend(context);
    backend.thread.start();
    backend.bound.await();
    return backend;
  }

  public String endpoint() {
    return endpoint;
  }

  public OriginalBackend mode(Mode mode) {
    this.defaultMode = mode;
    return this;
  }

  public OriginalBackend mode(String endpointName, Mode mode) {
    modes.put(endpointName, mode);
    return this;
  }

  /** Accepted calls of that endpoint are answered with {@code message} instead of "accepted". */
  public OriginalBackend answer(String endpointName, Object message) {
    answers.put(endpointName, message);
    return this;
  }

  /** Every request received, decoded. */
  public List<Map<String, Object>> requests() {
    return List.copyOf(requests);
  }

  /** The {@code args} of every request to that endpoint, in order. */
  @SuppressWarnings("unchecked")
  public List<List<Object>> calls(String endpointName) {
    return requests.stream()
        .filter(r -> endpointName.equals(r.get("endpoint")))
        .map(r -> (List<Object>) r.get("args"))
        .toList();
  }

  /** The first argument of every {@code update_task}/{@code complete_task} of that task. */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> reports(String endpointName, String taskId) {
    return calls(endpointName).stream()
        .map(args -> (Map<String, Object>) args.get(0))
        .filter(data -> taskId.equals(data.get("task_id")))
        .toList();
  }

  /** Waits for the task's first {@code complete_task} and returns its data. */
  public Map<String, Object> awaitCompletion(String taskId) {
    await().atMost(Duration.ofSeconds(30)).until(() -> !reports("complete_task", taskId).isEmpty());
    return reports("complete_task", taskId).get(0);
  }

  private void run() {
    ZMQ.Socket socket = context.createSocket(SocketType.ROUTER);
    socket.setLinger(0);
    socket.setReceiveTimeOut(200);
    int port = socket.bindToRandomPort("tcp://127.0.0.1");
    endpoint = "tcp://127.0.0.1:" + port;
    bound.countDown();
    try {
      while (running) {
        byte[] first = socket.recv(0);
        if (first == null) {
          continue;
        }
        List<byte[]> frames = new CopyOnWriteArrayList<>(List.of(first));
        while (socket.hasReceiveMore()) {
          frames.add(socket.recv(0));
        }
        byte[] reply = answer(frames.get(frames.size() - 1));
        if (reply == null) {
          continue;
        }
        for (int i = 0; i < frames.size() - 1; i++) {
          socket.send(frames.get(i), ZMQ.SNDMORE);
        }
        socket.send(reply, 0);
      }
    } catch (ZMQException e) {
      // context closed
    } finally {
      socket.close();
    }
  }

  @SuppressWarnings("unchecked")
  private byte[] answer(byte[] payload) {
    Map<String, Object> request;
    try {
      if (!(MsgPack.decode(payload) instanceof Map<?, ?> m)) {
        return reply(true, "Client error, message is not a map");
      }
      request = (Map<String, Object>) m;
    } catch (MalformedMessageException e) {
      return reply(true, "Client error, message is malformed");
    }
    if (request.containsKey("_protocol_message")) {
      return reply(false, "accepted");
    }
    requests.add(request);
    Mode mode = modes.getOrDefault(String.valueOf(request.get("endpoint")), defaultMode);
    return switch (mode) {
      case ACCEPT -> reply(false, answers.getOrDefault(String.valueOf(request.get("endpoint")), "accepted"));
      case REJECT -> reply(true, "Received invalid data from agent");
      case BUSY -> reply(true, "Server busy, try again later");
      case SILENT -> null;
      case UNSUPPORTED -> reply(true, "Endpoint is not supported");
    };
  }

  private static byte[] reply(boolean error, Object message) {
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("error", error);
    reply.put("message", message);
    return MsgPack.encode(reply);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(2000);
  }
}
