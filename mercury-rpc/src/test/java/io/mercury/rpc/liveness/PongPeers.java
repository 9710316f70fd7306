package io.mercury.rpc.liveness;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Fake pong services: REP sockets on ephemeral ports, one thread, answering pings as §3.7 says. */
final class PongPeers implements AutoCloseable {
  static final List<Double> LOAD = List.of(0.5, 0.25, 0.125);

  private final ZContext context = new ZContext();
  private final List<ZMQ.Socket> sockets = new ArrayList<>();
  private final List<String> addresses = new ArrayList<>();
  private final Set<Integer> toClose = ConcurrentHashMap.newKeySet();
  private final AtomicLong pings = new AtomicLong();
  /** The device each peer names in its pongs, as Mercury's agents do; none: the original's pong. */
  private final Map<Integer, String> names = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  PongPeers(int count) {
    for (int i = 0; i < count; i++) {
      ZMQ.Socket socket = context.createSocket(SocketType.REP);
      socket.setLinger(0);
      addresses.add("tcp://127.0.0.1:" + socket.bindToRandomPort("tcp://127.0.0.1"));
      sockets.add(socket);
    }
    thread = new Thread(this::serve, "pong-peers");
    thread.setDaemon(true);
    thread.start();
  }

  String address(int i) {
    return addresses.get(i);
  }

  long pings() {
    return pings.get();
  }

  /** Makes peer {@code i} name device {@code mercuryId} in its pongs. */
  void answerAs(int i, String mercuryId) {
    names.put(i, mercuryId);
  }

  /** Closes peer {@code i}'s socket (on the serving thread), as a dead agent would. */
  void kill(int i) {
    toClose.add(i);
  }

  private void serve() {
    try {
      while (running) {
        for (int i = 0; i < sockets.size(); i++) {
          ZMQ.Socket socket = sockets.get(i);
          if (socket == null) {
            continue;
          }
          if (toClose.contains(i)) {
            socket.close();
            sockets.set(i, null);
            continue;
          }
          byte[] request;
          while ((request = socket.recv(ZMQ.DONTWAIT)) != null) {
            answer(socket, request, names.get(i));
          }
        }
        try {
          Thread.sleep(1); // a plain scan keeps this fake simple; replies wait at most a millisecond
        } catch (InterruptedException e) {
          return;
        }
      }
    } finally {
      sockets.stream().filter(s -> s != null).forEach(ZMQ.Socket::close);
    }
  }

  private void answer(ZMQ.Socket socket, byte[] request, String name) {
    try {
      Map<?, ?> ping = (Map<?, ?>) MsgPack.decode(request);
      if ("ping".equals(ping.get("message"))) {
        pings.incrementAndGet();
      }
    } catch (MalformedMessageException | ClassCastException e) {
      // answered anyway; the tests only send pings
    }
    Map<String, Object> pong = new LinkedHashMap<>();
    pong.put("timestamp", System.currentTimeMillis() / 1000.0);
    pong.put("load", LOAD);
    pong.put("message", "pong");
    if (name != null) {
      pong.put("mercury_id", name);
    }
    socket.send(MsgPack.encode(pong));
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5000);
    context.close();
  }
}
