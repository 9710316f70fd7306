package io.mercury.rpc.testing;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Stands in for a backend (the original's, or Mercury's for the frontend's notices): records each request and acks it at once, as §3.3 says. */
public final class RecordingBackend implements AutoCloseable {
  private final ZContext context = new ZContext();
  private final ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
  private final Queue<Map<?, ?>> requests = new ConcurrentLinkedQueue<>();
  private final String address;
  private final Thread thread;
  private volatile boolean running = true;

  public RecordingBackend() {
    router.setLinger(0);
    router.setReceiveTimeOut(100);
    address = "tcp://127.0.0.1:" + router.bindToRandomPort("tcp://127.0.0.1");
    thread = new Thread(this::serve, "recording-backend");
    thread.setDaemon(true);
    thread.start();
  }

  public String address() {
    return address;
  }

  public List<Map<?, ?>> requests() {
    return List.copyOf(requests);
  }

  /** The first argument of each recorded request to {@code endpoint}. */
  public List<Map<?, ?>> firstArgs(String endpoint) {
    return requests.stream()
        .filter(r -> endpoint.equals(r.get("endpoint")))
        .<Map<?, ?>>map(r -> (Map<?, ?>) ((List<?>) r.get("args")).get(0))
        .toList();
  }

  private void serve() {
    try {
      while (running) {
        byte[] first = router.recv(0);
        if (first == null) {
          continue;
        }
        List<byte[]> frames = new ArrayList<>(List.of(first));
        while (router.hasReceiveMore()) {
          frames.add(router.recv(0));
        }
        try {
          requests.add((Map<?, ?>) MsgPack.decode(frames.getLast()));
        } catch (MalformedMessageException | ClassCastException e) {
          requests.add(Map.of("unreadable", String.valueOf(e.getMessage())));
        }
        for (int i = 0; i < frames.size() - 1; i++) {
          router.sendMore(frames.get(i));
        }
        router.send(MsgPack.encode(Map.of("error", false, "message", "accepted")));
      }
    } finally {
      router.close();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5000);
    context.close();
  }
}
