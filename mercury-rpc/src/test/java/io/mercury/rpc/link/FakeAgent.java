package io.mercury.rpc.link;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.security.CurveKeyPair;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZEvent;
import org.zeromq.ZMQ;
import org.zeromq.ZMonitor;

/**
 * One fake original agent endpoint for link tests: an RPC ROUTER or a pong REP on a loopback port,
 * optionally a CURVE server, that counts the connections it accepts (through a socket monitor) and
 * echoes {@code {"port": P, "request": R}}. A request carrying {@code "delay_ms"} is answered that much
 * later (a REP answers nothing else meanwhile, as its alternation requires).
 */
final class FakeAgent implements AutoCloseable {
  private static final AtomicLong MONITORS = new AtomicLong();

  @SuppressWarnings("ArrayRecordComponent") // a queue entry, never compared or hashed
  private record Pending(long dueNanos, List<byte[]> envelope, byte[] reply) {}

  private final ZContext context = new ZContext(1);
  private final ZMQ.Socket socket;
  private final ZMQ.Socket monitor;
  private final boolean rep;
  private final int port;
  private final AtomicInteger accepted = new AtomicInteger();
  private final Queue<Object> received = new ConcurrentLinkedQueue<>();
  private final List<Pending> pending = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  /** On an ephemeral port. */
  FakeAgent(SocketType type, CurveKeyPair curveKey) {
    this(type, curveKey, 0);
  }

  /** On {@code port} (0: an ephemeral one); throws if it cannot be bound (yet). */
  FakeAgent(SocketType type, CurveKeyPair curveKey, int port) {
    this.rep = type == SocketType.REP;
    socket = context.createSocket(type);
    socket.setLinger(0);
    if (curveKey != null) {
      socket.setCurveServer(true);
      socket.setCurveSecretKey(ZMQ.Curve.z85Decode(curveKey.secretKey()));
      socket.setCurvePublicKey(ZMQ.Curve.z85Decode(curveKey.publicKey()));
    }
    String monitorAddress = "inproc://fake-agent-monitor-" + MONITORS.incrementAndGet();
    socket.monitor(monitorAddress, ZMQ.EVENT_ACCEPTED);
    monitor = context.createSocket(SocketType.PAIR);
    monitor.connect(monitorAddress);
    try {
      if (port == 0) {
        this.port = socket.bindToRandomPort("tcp://127.0.0.1");
      } else {
        socket.bind("tcp://127.0.0.1:" + port);
        this.port = port;
      }
    } catch (RuntimeException e) {
      monitor.close();
      socket.close();
      context.close();
      throw e;
    }
    thread = new Thread(this::serve, "fake-agent-" + this.port);
    thread.setDaemon(true);
    thread.start();
  }

  String address() {
    return "tcp://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** TCP connections accepted so far. */
  int accepted() {
    return accepted.get();
  }

  Queue<Object> received() {
    return received;
  }

  private void serve() {
    try (ZMQ.Poller poller = context.createPoller(2)) {
      poller.register(socket, ZMQ.Poller.POLLIN);
      poller.register(monitor, ZMQ.Poller.POLLIN);
      while (running) {
        poller.poll(10);
        ZEvent event;
        while ((event = ZEvent.recv(monitor, ZMQ.DONTWAIT)) != null) {
          if (event.getEvent() == ZMonitor.Event.ACCEPTED) {
            accepted.incrementAndGet();
          }
        }
        sendDue();
        while ((!rep || pending.isEmpty()) && (socket.getEvents() & ZMQ.Poller.POLLIN) != 0) {
          handle();
        }
      }
    } finally {
      monitor.close();
      socket.close();
    }
  }

  private void handle() {
    List<byte[]> frames = new ArrayList<>();
    do {
      frames.add(socket.recv(0));
    } while (socket.hasReceiveMore());
    Object request;
    try {
      request = MsgPack.decode(frames.removeLast());
    } catch (MalformedMessageException e) {
      request = e.getMessage();
    }
    received.add(request);
    long delayMs = request instanceof Map<?, ?> m && m.get("delay_ms") instanceof Number n ? n.longValue() : 0;
    byte[] reply = MsgPack.encode(Map.of("port", port, "request", request));
    pending.add(new Pending(System.nanoTime() + delayMs * 1_000_000, frames, reply));
    sendDue();
  }

  private void sendDue() {
    long now = System.nanoTime();
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (now - p.dueNanos() >= 0) {
        for (byte[] frame : p.envelope()) {
          socket.sendMore(frame);
        }
        socket.send(p.reply());
        it.remove();
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5000);
    context.close();
  }
}
