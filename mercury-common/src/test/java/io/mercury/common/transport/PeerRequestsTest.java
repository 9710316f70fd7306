package io.mercury.common.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.Reply;
import io.mercury.common.protocol.Request;
import io.mercury.common.security.Caller;
import io.mercury.common.security.Role;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/**
 * A {@link RouterServer}'s requests to its clients over their own connections ({@link PeerRequests}) and
 * a {@link ServiceClient} that serves them ({@link ServiceClient.Inbound}), over real sockets.
 */
class PeerRequestsTest {
  private final ZContext ctx = new ZContext();
  private final PeerRequests peers = new PeerRequests("test", 100);
  private final AtomicReference<Peer> lastPeer = new AtomicReference<>();
  private final AtomicInteger connected = new AtomicInteger();
  private RouterServer server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    peers.close();
    ctx.close();
  }

  private String startServer() {
    return startServerAt("tcp://127.0.0.1:0");
  }

  private String startServerAt(String address) {
    server =
        new RouterServer(
            ctx,
            ServerSettings.of("test", address),
            new MessageHandler() {
              @Override
              public byte[] handle(byte[] payload, Caller caller) {
                throw new AssertionError("the server passes the peer");
              }

              @Override
              public byte[] handle(byte[] payload, Caller caller, Peer peer) {
                lastPeer.set(peer);
                return MsgPack.encode(Reply.ok("hello").toWire());
              }
            },
            peers);
    return server.start();
  }

  /** A client that answers every request from the server with {@code {"echo": request}}. */
  private ServiceClient client(String endpoint) {
    return new ServiceClient(
        ctx,
        endpoint,
        ClientSettings.defaults("test").withTimeout(Duration.ofSeconds(10)),
        new ServiceClient.Inbound() {
          @Override
          public byte[] handle(byte[] payload) {
            try {
              return MsgPack.encode(Map.of("echo", MsgPack.decode(payload)));
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }

          @Override
          public void connected() {
            connected.incrementAndGet();
          }
        });
  }

  @Test
  void theServerReachesAClientOverTheConnectionTheClientOpened() throws Exception {
    String endpoint = startServer();
    try (ServiceClient client = client(endpoint)) {
      client.invoke(Request.of("hi"), true);
      Peer peer = lastPeer.get();
      assertThat(peer).isNotNull();
      await().atMost(Duration.ofSeconds(10)).until(() -> connected.get() == 1);

      byte[] reply = peers.request(peer, null, MsgPack.encode("ping"), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
      assertThat(MsgPack.decode(reply)).isEqualTo(Map.of("echo", "ping"));
      assertThat(peers.stats()).extracting(PeerRequests.Stats::replies, PeerRequests.Stats::inFlight).containsExactly(1L, 0);
      assertThat(client.invoke(Request.of("again"), true)).as("the client's own requests still work").isEqualTo("hello");
    }
  }

  @Test
  void aClientThatReconnectsIsToldAndIsReachedOnItsNewConnection() throws Exception {
    String endpoint = startServer();
    try (ServiceClient client = client(endpoint)) {
      client.invoke(Request.of("hi"), true);
      Peer first = lastPeer.get();
      await().atMost(Duration.ofSeconds(10)).until(() -> connected.get() == 1);

      server.close(); // a server restart: the client's connection drops and is made again
      server = null;
      await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptionsMatching(e -> e instanceof IllegalStateException && String.valueOf(e.getMessage()).startsWith("cannot bind"))
          .until(() -> startServerAt(endpoint) != null);
      await().atMost(Duration.ofSeconds(30)).until(() -> connected.get() == 2);

      client.invoke(Request.of("again"), true);
      Peer second = lastPeer.get();
      assertThat(second).isNotEqualTo(first);
      byte[] reply = peers.request(second, null, MsgPack.encode("ping"), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
      assertThat(MsgPack.decode(reply)).isEqualTo(Map.of("echo", "ping"));
    }
  }

  @Test
  void aRequestToAConnectionThatIsGoneFailsWithoutWaitingForItsTimeout() throws Exception {
    String endpoint = startServer();
    Peer peer;
    try (ServiceClient client = client(endpoint)) {
      client.invoke(Request.of("hi"), true);
      peer = lastPeer.get();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> peers.request(peer, null, MsgPack.encode("ping"), Duration.ofMinutes(1)).get(1, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("the connection is gone"));
  }

  @Test
  void aConnectionThatClosesIsReportedAndItsRequestsFailAtOnce() throws Exception {
    List<Peer> closed = new java.util.concurrent.CopyOnWriteArrayList<>();
    peers.onDisconnect(closed::add);
    String endpoint = startServer();
    CompletableFuture<byte[]> unanswered;
    Peer peer;
    // a client that never answers the server's requests
    try (org.zeromq.ZMQ.Socket silent = ctx.createSocket(org.zeromq.SocketType.DEALER)) {
      silent.connect(endpoint);
      silent.sendMore(ByteBuffer.allocate(Long.BYTES).putLong(7).array());
      silent.sendMore(new byte[0]);
      silent.send(MsgPack.encode(Request.of("hi").toWire()));
      silent.setReceiveTimeOut(10_000);
      assertThat(silent.recv()).as("the reply to its request").hasSize(Long.BYTES);
      silent.recv(); // empty
      silent.recv(); // the reply
      peer = lastPeer.get();
      unanswered = peers.request(peer, null, MsgPack.encode("ping"), Duration.ofMinutes(5));
      assertThat(silent.recv()).as("the server's request arrived").hasSize(PeerRequests.CORRELATION_BYTES);
    }
    assertThatThrownBy(() -> unanswered.get(20, TimeUnit.SECONDS))
        .as("failed when the connection closed, not after its five minutes")
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("the connection closed");
    await().atMost(Duration.ofSeconds(10)).until(() -> closed.contains(peer));
  }

  @Test
  void aClientThatSendsTheDisconnectFrameSpeaksOnlyOfItsOwnConnection() throws Exception {
    List<Peer> closed = new java.util.concurrent.CopyOnWriteArrayList<>();
    peers.onDisconnect(closed::add);
    String endpoint = startServer();
    try (ServiceClient victim = client(endpoint)) {
      victim.invoke(Request.of("hi"), true);
      Peer victimPeer = lastPeer.get();
      try (org.zeromq.ZMQ.Socket forger = ctx.createSocket(org.zeromq.SocketType.DEALER)) {
        forger.connect(endpoint);
        forger.send(PeerRequests.DISCONNECTED); // [forger's routing id][DISCONNECTED] at the server
        await().atMost(Duration.ofSeconds(10)).until(() -> !closed.isEmpty());
      }
      assertThat(closed).doesNotContain(victimPeer);
      byte[] reply = peers.request(victimPeer, null, MsgPack.encode("ping"), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
      assertThat(MsgPack.decode(reply)).isEqualTo(Map.of("echo", "ping"));
    }
  }

  @Test
  void aReplyCountsOnlyWithTheKeyTheRequestExpected() throws Exception {
    CompletableFuture<byte[]> request = peers.request(new Peer(new byte[] {0, 1}), "key-of-the-device", new byte[] {1}, Duration.ofSeconds(30));
    List<byte[]> reply = List.of(new byte[] {0, 9}, correlation(PeerRequests.REPLY, 1), new byte[0], MsgPack.encode("mine"));

    assertThat(peers.complete(reply, new Caller("impostor", "another-key", Role.AGENT))).isFalse();
    assertThat(request).isNotDone();
    assertThat(peers.complete(reply, new Caller("device", "key-of-the-device", Role.AGENT))).isTrue();
    assertThat(MsgPack.decode(request.get(10, TimeUnit.SECONDS))).isEqualTo("mine");
    assertThat(peers.complete(reply, new Caller("device", "key-of-the-device", Role.AGENT))).as("a second reply").isFalse();
    assertThat(peers.stats().unmatched()).isEqualTo(2);
  }

  @Test
  void aRequestWithoutAReplyFailsAtItsTimeout() {
    CompletableFuture<byte[]> request = peers.request(new Peer(new byte[] {0, 1}), null, new byte[] {1}, Duration.ofMillis(100));
    await().atMost(Duration.ofSeconds(10)).until(request::isDone);
    assertThatThrownBy(request::get).hasMessageContaining("no reply from");
    assertThat(peers.stats().timeouts()).isEqualTo(1);
  }

  @Test
  void aStrayReplyIsAnsweredWithAnErrorAndTheServerKeepsServing() throws Exception {
    String endpoint = startServer();
    // a fresh JeroMQ connection now and then never completes its handshake: each try is a new socket
    AtomicReference<List<byte[]>> reply = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> {
          reply.set(rawExchange(endpoint, correlation(PeerRequests.REPLY, 42), new byte[0], MsgPack.encode("late")));
          return reply.get() != null;
        });
    List<byte[]> answer = reply.get();
    assertThat(answer).hasSize(3);
    assertThat(answer.get(0)).isEqualTo(correlation(PeerRequests.REPLY, 42));
    assertThat(MsgPack.decode(answer.get(2))).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("error", true);
    try (ServiceClient client = client(endpoint)) {
      assertThat(client.invoke(Request.of("hi"), true)).isEqualTo("hello");
    }
  }

  private static byte[] correlation(byte marker, long id) {
    return ByteBuffer.allocate(PeerRequests.CORRELATION_BYTES).put(marker).putLong(id).array();
  }

  private List<byte[]> rawExchange(String endpoint, byte[]... frames) {
    return RawDealer.exchange(ctx, endpoint, Duration.ofSeconds(2), frames);
  }
}
