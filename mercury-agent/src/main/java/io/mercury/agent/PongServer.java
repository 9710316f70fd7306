package io.mercury.agent;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.agent.AgentReply;
import io.mercury.common.protocol.agent.AgentWire;
import io.mercury.common.protocol.agent.Pong;
import io.mercury.common.security.CurveServer;
import io.mercury.common.transport.Addresses;
import io.mercury.common.transport.BoundedAllocator;
import io.mercury.inspector.source.SystemRoot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The pong service (REP, docs/protocol.md, "Agent"): {@code {"message": "ping", "timestamp"}} gets {@code
 * {"timestamp": now, "load": [1m, 5m, 15m], "message": "pong"}}. Every request is answered, an invalid
 * one with {@code {"error": true, "message": ...}} (the original stayed silent, which wedged its REP
 * socket). The socket is a ROUTER that REQ clients cannot tell from a REP, so no peer can wedge it. One thread owns the socket. The time of the last valid ping is kept for the {@link Registrar}.
 */
public final class PongServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PongServer.class);
  private static final int POLL_MS = 500;

  private final ZContext context;
  private final String bindAddress;
  private final SystemRoot live = SystemRoot.live();
  private final CountDownLatch bound = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile Instant lastPing;
  private volatile String endpoint;
  private volatile RuntimeException bindFailure;
  private Thread thread;

  private final CurveServer curve;
  /** The device this agent answers for: a pong names it, so the backend can tell who answered. */
  private final java.util.function.Supplier<String> mercuryId;

  public PongServer(ZContext context, String bindAddress) {
    this(context, bindAddress, null, () -> null);
  }

  /** A pong service that is a CURVE server when {@code curve} is not null. */
  public PongServer(ZContext context, String bindAddress, CurveServer curve, java.util.function.Supplier<String> mercuryId) {
    this.mercuryId = mercuryId;
    this.context = context;
    this.bindAddress = bindAddress;
    this.curve = curve;
  }

  /**
   * Binds and starts answering; returns the connectable endpoint with the port actually bound.
   *
   * @throws IllegalStateException when the address cannot be bound
   */
  public String start() {
    thread = Thread.ofPlatform().name("agent-pong").daemon().unstarted(this::run);
    thread.start();
    try {
      bound.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding " + bindAddress, e);
    }
    if (bindFailure != null) {
      throw bindFailure;
    }
    return endpoint;
  }

  public String endpoint() {
    return endpoint;
  }

  /** When the last valid ping arrived, or null if none has. */
  public Instant lastPing() {
    return lastPing;
  }

  private void run() {
    ZMQ.Socket socket;
    try {
      // ROUTER, not REP: REQ clients see a REP, but a REP socket's send/receive state machine can be
      // wedged by a peer that vanishes mid-request (raw TCP garbage decoded as a message); a ROUTER
      // answers each request on its envelope and drops replies to peers that are gone.
      socket = context.createSocket(SocketType.ROUTER);
      socket.setLinger(0);
      socket.setReceiveTimeOut(POLL_MS);
      socket.setMaxMsgSize(1024 * 1024);
      socket.setMsgAllocator(new BoundedAllocator(1024 * 1024));
      if (curve != null) {
        curve.apply(socket);
      }
      endpoint = Addresses.bind(socket, bindAddress);
    } catch (RuntimeException e) {
      bindFailure = new IllegalStateException("cannot bind the pong service to " + bindAddress + ": " + e.getMessage(), e);
      bound.countDown();
      return;
    }
    bound.countDown();
    log.info("pong listening on {}", endpoint);
    try {
      while (running) {
        byte[] first = socket.recv(0);
        if (first == null) {
          continue;
        }
        List<byte[]> frames = new ArrayList<>(3);
        frames.add(first);
        while (socket.hasReceiveMore()) {
          frames.add(socket.recv(0));
        }
        // [identity][envelope...][empty delimiter][request], as a REP would see it; the request is the
        // last frame, the reply goes back on everything before it.
        int last = frames.size() - 1;
        byte[] reply = MsgPack.encode(answer(frames.get(last)));
        for (int i = 0; i < last; i++) {
          socket.send(frames.get(i), ZMQ.SNDMORE | ZMQ.DONTWAIT);
        }
        socket.send(reply, ZMQ.DONTWAIT);
      }
    } catch (ZMQException e) {
      if (e.getErrorCode() != ZMQ.Error.ETERM.getCode()) {
        log.error("pong socket loop failed", e);
      }
    } finally {
      socket.close();
    }
  }

  /** The reply to one ping, encoded: the same over the agent channel as on the pong socket. */
  byte[] pong(byte[] request) {
    return MsgPack.encode(answer(request));
  }

  private Map<String, Object> answer(byte[] request) {
    Object decoded;
    try {
      decoded = MsgPack.decode(request);
    } catch (MalformedMessageException e) {
      return error("Client error, message is malformed: " + e.getMessage());
    }
    if (AgentWire.ping(decoded).isEmpty()) {
      log.warn("invalid ping request: {}", decoded);
      return error("Client error, expected {\"message\": \"ping\", \"timestamp\": <float>}");
    }
    lastPing = Instant.now();
    return AgentWire.toWire(new Pong(MsgPack.epochSeconds(lastPing), load(), mercuryId.get()));
  }

  /** The load averages of the machine the agent runs on; zeros when they cannot be read, as the original. */
  private List<Double> load() {
    try {
      String[] parts = live.readTrimmed("/proc/loadavg").orElse("").split("\\s+");
      return List.of(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
    } catch (RuntimeException e) {
      return List.of(0.0, 0.0, 0.0);
    }
  }

  private static Map<String, Object> error(String message) {
    return AgentWire.toWire(new AgentReply.Failure(message));
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
