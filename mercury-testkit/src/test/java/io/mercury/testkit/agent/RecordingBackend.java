package io.mercury.testkit.agent;

import io.mercury.common.codec.MsgPack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A stand-in for the backend's agent-facing ROUTER: answers every request {@code error: false} and records it. */
final class RecordingBackend implements AutoCloseable {
  private final ZContext context = new ZContext();
  private final ZMQ.Socket socket = context.createSocket(SocketType.ROUTER);
  private final int port;
  private final Queue<Map<?, ?>> requests = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  RecordingBackend() {
    socket.setLinger(0);
    socket.setReceiveTimeOut(100);
    port = socket.bindToRandomPort("tcp://127.0.0.1");
    thread = Thread.ofPlatform().name("recording-backend").daemon().start(this::serve);
  }

  String address() {
    return "tcp://127.0.0.1:" + port;
  }

  /** The first argument of every request to {@code endpoint}, in order. */
  List<Map<?, ?>> firstArgs(String endpoint) {
    List<Map<?, ?>> out = new ArrayList<>();
    for (Map<?, ?> r : requests) {
      if (endpoint.equals(r.get("endpoint")) && r.get("args") instanceof List<?> args && args.getFirst() instanceof Map<?, ?> m) {
        out.add(m);
      }
    }
    return out;
  }

  /** The second argument ({@code agent_info}) of every {@code register}, in order. */
  List<Map<?, ?>> agentInfos() {
    List<Map<?, ?>> out = new ArrayList<>();
    for (Map<?, ?> r : requests) {
      if ("register".equals(r.get("endpoint")) && r.get("args") instanceof List<?> args && args.get(1) instanceof Map<?, ?> m) {
        out.add(m);
      }
    }
    return out;
  }

  private void serve() {
    try {
      while (running) {
        byte[] first = socket.recv(0);
        if (first == null) {
          continue;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
          frames.add(socket.recv(0));
        }
        Object request = MsgPack.decode(frames.getLast());
        requests.add((Map<?, ?>) request);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("error", false);
        reply.put("message", Map.of("ok", true));
        for (int i = 0; i < frames.size() - 1; i++) {
          socket.sendMore(frames.get(i));
        }
        socket.send(MsgPack.encode(reply));
      }
    } catch (Exception e) {
      // closed
    } finally {
      socket.close();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(2000);
    context.close();
  }
}
