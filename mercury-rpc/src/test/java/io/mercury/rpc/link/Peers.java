package io.mercury.rpc.link;

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

/**
 * Fake agents for link tests: any number of REP and ROUTER sockets on ephemeral loopback ports, all
 * served by one thread, each behaving as told. Every decoded request is recorded.
 */
final class Peers implements AutoCloseable {
  enum Behaviour {
    /** Reply {@code {"peer": <address>, "request": <the request>}}. */
    ECHO,
    /** Receive and never reply. */
    SILENT,
    /** Reply with bytes that are not msgpack. */
    GARBAGE,
    /** Reply with two payload frames after the delimiter (ROUTER only). */
    EXTRA_FRAME
  }

  private final ZContext context = new ZContext();
  private final List<ZMQ.Socket> sockets = new ArrayList<>();
  private final List<String> addresses = new ArrayList<>();
  private final Behaviour behaviour;
  private final Queue<Object> received = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  Peers(int reps, int routers, Behaviour behaviour) {
    this.behaviour = behaviour;
    for (int i = 0; i < reps + routers; i++) {
      ZMQ.Socket socket = context.createSocket(i < reps ? SocketType.REP : SocketType.ROUTER);
      socket.setLinger(0);
      int port = socket.bindToRandomPort("tcp://127.0.0.1");
      sockets.add(socket);
      addresses.add("tcp://127.0.0.1:" + port);
    }
    thread = new Thread(this::serve, "test-peers");
    thread.setDaemon(true);
    thread.start();
  }

  List<String> addresses() {
    return addresses;
  }

  String address() {
    return addresses.get(0);
  }

  Queue<Object> received() {
    return received;
  }

  private void serve() {
    try (ZMQ.Poller poller = context.createPoller(sockets.size())) {
      for (ZMQ.Socket socket : sockets) {
        poller.register(socket, ZMQ.Poller.POLLIN);
      }
      while (running) {
        poller.poll(50);
        for (int i = 0; i < sockets.size(); i++) {
          // asked of the socket itself, not of the poll result, as AgentLink does
          if ((sockets.get(i).getEvents() & ZMQ.Poller.POLLIN) != 0) {
            handle(sockets.get(i), addresses.get(i));
          }
        }
      }
    } finally {
      sockets.forEach(ZMQ.Socket::close);
    }
  }

  private void handle(ZMQ.Socket socket, String address) {
    List<byte[]> frames = new ArrayList<>();
    do {
      frames.add(socket.recv(0));
    } while (socket.hasReceiveMore());
    byte[] payload = frames.removeLast();
    Object request;
    try {
      request = MsgPack.decode(payload);
    } catch (MalformedMessageException e) {
      request = e;
    }
    received.add(request);
    if (behaviour == Behaviour.SILENT) {
      return;
    }
    byte[] reply =
        behaviour == Behaviour.GARBAGE
            ? new byte[] {(byte) 0xc1}
            : MsgPack.encode(Map.of("peer", address, "request", request));
    for (byte[] frame : frames) {
      socket.sendMore(frame);
    }
    if (behaviour == Behaviour.EXTRA_FRAME) {
      socket.sendMore(reply);
    }
    socket.send(reply);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5000);
    context.close();
  }
}
