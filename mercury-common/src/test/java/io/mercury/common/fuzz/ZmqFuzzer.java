package io.mercury.common.fuzz;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.KeepAlive;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * Sends seeded hostile input to one ZeroMQ socket of a service and counts what comes back. ROUTER
 * services get {@link HostileMessages} through a DEALER with wrong frame counts too (no delimiter, extra
 * envelope frames); REP services through REQ and raw DEALER frames; PUB services get slow subscribers
 * that never read and random subscription frames; any port gets raw TCP garbage and partial ZMTP
 * greetings. Sockets come from {@link FuzzSockets}.
 */
public final class ZmqFuzzer {
  private final FuzzSockets sockets;
  private final Random random;

  public ZmqFuzzer(FuzzSockets sockets, Random random) {
    this.sockets = sockets;
    this.random = random;
  }

  /**
   * {@code count} hostile messages to a ROUTER service, one at a time; each must be answered with a map.
   * One in ten goes without the empty delimiter, one in twenty with extra envelope frames.
   */
  public FuzzResult router(String target, String endpoint, HostileMessages messages, int count) {
    long replies = 0;
    long errors = 0;
    long unanswered = 0;
    String first = null;
    ZMQ.Socket dealer = provenDealer(endpoint);
    try {
      for (int i = 0; i < count; i++) {
        HostileMessages.Payload payload = messages.next();
        int framing = random.nextInt(20);
        if (framing == 0) {
          dealer.sendMore(messages.randomBytes(1 + random.nextInt(8)));
          dealer.sendMore(new byte[0]);
        } else if (framing > 2) {
          dealer.sendMore(new byte[0]);
        }
        dealer.send(payload.bytes());
        Map<?, ?> reply = readReply(dealer);
        if (reply == null) {
          unanswered++;
          if (first == null) {
            first = target + " message " + i + " (" + payload.kind() + ", framing " + framing + ")";
          }
          dealer.close(); // a late reply must not be taken for the next message's
          dealer = provenDealer(endpoint);
        } else {
          replies++;
          if (Boolean.TRUE.equals(reply.get("error"))) {
            errors++;
          }
        }
      }
    } finally {
      dealer.close();
    }
    return new FuzzResult(target, count, replies, errors, unanswered, first);
  }

  /** Reads frames up to the payload: empty and envelope frames are skipped, the first map is the reply. */
  private static Map<?, ?> readReply(ZMQ.Socket socket) {
    for (int frames = 0; frames < 16; frames++) {
      byte[] frame = socket.recv();
      if (frame == null) {
        return null;
      }
      if (socket.hasReceiveMore()) {
        continue;
      }
      try {
        return MsgPack.decode(frame) instanceof Map<?, ?> m ? m : null;
      } catch (MalformedMessageException e) {
        return null;
      }
    }
    return null;
  }

  /**
   * {@code count} hostile messages to a REP service through REQ sockets (each must be answered), with
   * raw DEALER frames in between that a REP may drop but must survive.
   */
  public FuzzResult rep(String target, String endpoint, HostileMessages messages, int count) {
    long replies = 0;
    long errors = 0;
    long unanswered = 0;
    String first = null;
    ZMQ.Socket req = provenReq(endpoint);
    try {
      for (int i = 0; i < count; i++) {
        if (random.nextInt(10) == 0) {
          try (ZMQ.Socket dealer = sockets.connect(SocketType.DEALER, endpoint)) {
            for (int f = random.nextInt(3); f > 0; f--) {
              dealer.sendMore(messages.randomBytes(random.nextInt(8)));
            }
            dealer.send(messages.next().bytes(), ZMQ.DONTWAIT);
          }
        }
        HostileMessages.Payload payload = messages.next();
        req.send(payload.bytes());
        Map<?, ?> reply = readReply(req);
        if (reply == null) {
          unanswered++;
          if (first == null) {
            first = target + " message " + i + " (" + payload.kind() + ")";
          }
          req.close();
          req = provenReq(endpoint);
        } else {
          replies++;
          if (Boolean.TRUE.equals(reply.get("error"))) {
            errors++;
          }
        }
      }
    } finally {
      req.close();
    }
    return new FuzzResult(target, count, replies, errors, unanswered, first);
  }

  /**
   * Hostile subscribers of a PUB service: {@code slow} SUB sockets subscribed to everything that never
   * read (returned open: the caller closes them after making the service publish), and {@code garbage}
   * XSUB sockets that send random subscription frames.
   */
  public List<ZMQ.Socket> subscribers(String endpoint, int slow, int garbage) {
    List<ZMQ.Socket> open = new ArrayList<>();
    for (int i = 0; i < slow; i++) {
      ZMQ.Socket sub = sockets.connect(SocketType.SUB, endpoint);
      sub.setRcvHWM(1);
      sub.setReceiveBufferSize(4096);
      sub.subscribe(new byte[0]);
      open.add(sub);
    }
    for (int i = 0; i < garbage; i++) {
      try (ZMQ.Socket xsub = sockets.connect(SocketType.XSUB, endpoint)) {
        for (int f = 0; f < 20; f++) {
          byte[] frame = new byte[random.nextInt(300)];
          random.nextBytes(frame);
          if (frame.length > 0 && random.nextBoolean()) {
            frame[0] = (byte) random.nextInt(2); // looks like (un)subscribe
          }
          xsub.send(frame, ZMQ.DONTWAIT);
        }
      }
    }
    return open;
  }

  /**
   * {@code connections} raw TCP connections to the port of {@code endpoint}: random bytes, a partial or
   * corrupted ZMTP greeting, or a connection that stays silent, each closed after its bytes.
   */
  public FuzzResult rawTcp(String target, String endpoint, int connections) {
    URI uri = URI.create(endpoint);
    long refused = 0;
    for (int i = 0; i < connections; i++) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
        s.setSoLinger(true, 0);
        OutputStream out = s.getOutputStream();
        switch (random.nextInt(4)) {
          case 0 -> out.write(randomBytes(1 + random.nextInt(4096)));
          case 1 -> out.write(greeting(), 0, 1 + random.nextInt(63)); // partial greeting
          case 2 -> {
            byte[] g = greeting();
            g[1 + random.nextInt(63)] ^= (byte) (1 + random.nextInt(255));
            out.write(g);
            out.write(randomBytes(random.nextInt(512)));
          }
          default -> {} // connect and say nothing
        }
        out.flush();
      } catch (IOException e) {
        refused++;
      }
    }
    return new FuzzResult(target + " raw tcp", connections, connections - refused, 0, refused, refused == 0 ? null : refused + " connections refused");
  }

  /** A ZMTP 3.0 NULL greeting. */
  private static byte[] greeting() {
    byte[] g = new byte[64];
    g[0] = (byte) 0xff;
    g[9] = 0x7f;
    g[10] = 3;
    System.arraycopy("NULL".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, g, 12, 4);
    return g;
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** One well-formed request through a fresh DEALER; the reply map, or an error if there was none. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> call(String endpoint, Map<String, Object> request) {
    try (ZMQ.Socket dealer = provenDealer(endpoint)) {
      dealer.sendMore(new byte[0]);
      dealer.send(MsgPack.encode(request));
      Map<?, ?> reply = readReply(dealer);
      if (reply == null) {
        throw new UncheckedIOException(new IOException("no reply from " + endpoint + " to " + request));
      }
      return (Map<String, Object>) reply;
    }
  }

  /** A REQ socket whose connection has carried one valid ping and its answer (see {@link #provenDealer}). */
  private ZMQ.Socket provenReq(String endpoint) {
    for (int attempt = 1; attempt <= CALL_ATTEMPTS; attempt++) {
      ZMQ.Socket req = sockets.connect(SocketType.REQ, endpoint);
      req.send(MsgPack.encode(Map.of("message", "ping", "timestamp", System.currentTimeMillis() / 1000.0)));
      if (readReply(req) != null) {
        return req;
      }
      req.close();
    }
    throw new UncheckedIOException(
        new IOException("no answer to a ping from " + endpoint + " on " + CALL_ATTEMPTS + " fresh connections"));
  }

  /**
   * A DEALER whose connection has carried one keep-alive round trip. JeroMQ can lose what is sent on a
   * fresh connection before its handshake completes, or never complete it (ServiceClient and AgentLink
   * work around both; FreshConnectionRegressionTest); a fuzz message lost that way would say nothing
   * about the service, so each connection is proven first, on up to {@value #CALL_ATTEMPTS} sockets.
   */
  private ZMQ.Socket provenDealer(String endpoint) {
    for (int attempt = 1; attempt <= CALL_ATTEMPTS; attempt++) {
      ZMQ.Socket dealer = sockets.connect(SocketType.DEALER, endpoint);
      dealer.sendMore(new byte[0]);
      dealer.send(KEEP_ALIVE);
      if (readReply(dealer) != null) {
        return dealer;
      }
      dealer.close();
    }
    throw new UncheckedIOException(
        new IOException("no keep-alive reply from " + endpoint + " on " + CALL_ATTEMPTS + " fresh connections"));
  }

  private static final int CALL_ATTEMPTS = 3;
  private static final byte[] KEEP_ALIVE = MsgPack.encode(KeepAlive.REQUEST);
}
