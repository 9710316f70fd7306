package io.mercury.rpc.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.transport.TransportException;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

class AgentLinkTest {
  private static final Duration LONG = Duration.ofSeconds(20);
  private static final Duration AWAIT = Duration.ofSeconds(30);

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeables.reversed()) {
      c.close();
    }
  }

  private <T extends AutoCloseable> T closeLater(T c) {
    closeables.add(c);
    return c;
  }

  private static Object reply(CompletableFuture<Object> f) throws Exception {
    return f.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static Throwable failureOf(CompletableFuture<Object> f) {
    assertThatThrownBy(() -> f.get(AWAIT.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
    return f.exceptionNow();
  }

  /**
   * A loopback port nobody listens on. Port 1 rather than a released ephemeral port: a connection to an
   * ephemeral port nobody holds can connect to itself (TCP simultaneous open) or to another test's
   * socket that just bound it.
   */
  private static String deadAddress() {
    return "tcp://127.0.0.1:1";
  }

  @Test
  void manyConcurrentRequestsToManyPeersEachGetTheirOwnReply() throws Exception {
    Peers peers = closeLater(new Peers(100, 100, Peers.Behaviour.ECHO));
    AgentLink link = closeLater(new AgentLink(512));
    List<CompletableFuture<Object>> futures = new ArrayList<>();
    List<Thread> callers = new ArrayList<>();
    int requests = 2000;
    CompletableFuture<?>[] slots = new CompletableFuture<?>[requests];
    for (int t = 0; t < 4; t++) {
      int first = t;
      Thread caller =
          new Thread(
              () -> {
                for (int n = first; n < requests; n += 4) {
                  String address = peers.addresses().get(n % 200);
                  slots[n] = link.request(address, Map.of("category", "rpc", "n", n), LONG);
                }
              });
      caller.start();
      callers.add(caller);
    }
    for (Thread caller : callers) {
      caller.join();
    }
    for (int n = 0; n < requests; n++) {
      @SuppressWarnings("unchecked")
      CompletableFuture<Object> f = (CompletableFuture<Object>) slots[n];
      futures.add(f);
    }
    for (int n = 0; n < requests; n++) {
      Map<?, ?> echoed = (Map<?, ?>) reply(futures.get(n));
      assertThat(echoed.get("peer")).isEqualTo(peers.addresses().get(n % 200));
      assertThat(((Map<?, ?>) echoed.get("request")).get("n")).isEqualTo((long) n);
    }
    // A reply's future may complete (on the callback thread) just before the loop frees its slot.
    await()
        .atMost(AWAIT)
        .untilAsserted(
            () -> {
              LinkStats stats = link.stats();
              assertThat(stats.requests()).isEqualTo(requests);
              assertThat(stats.replies()).isEqualTo(requests);
              assertThat(stats.timeouts() + stats.failures() + stats.inFlight() + stats.queued()).isZero();
              // the connections stay open for the next requests, without their monitors
              assertThat(stats.openSockets()).isEqualTo(stats.idleConnections());
              assertThat(stats.openConnections()).isEqualTo(stats.idleConnections());
            });
  }

  @Test
  void requestsThatFindNoSocketWaitForOneInsteadOfFailing() throws Exception {
    // room for one request's sockets (DEALER, monitor, monitor pair): the others find none until it ends
    Peers peers = closeLater(new Peers(0, 1, Peers.Behaviour.ECHO));
    AgentLink link = closeLater(new AgentLink(4, 3));
    List<CompletableFuture<Object>> futures = new ArrayList<>();
    for (int n = 0; n < 6; n++) {
      futures.add(link.request(peers.address(), Map.of("n", n), LONG));
    }
    for (int n = 0; n < 6; n++) {
      assertThat(((Map<?, ?>) ((Map<?, ?>) reply(futures.get(n))).get("request")).get("n")).isEqualTo((long) n);
    }
    assertThat(link.stats().failures()).isZero();
    // the link still serves afterwards
    assertThat(reply(link.request(peers.address(), Map.of("n", 6), LONG))).isNotNull();
  }

  @Test
  void aRequestThatFindsNoSocketBeforeItsTimeoutFailsSayingSo() {
    // room for one socket, where a request needs three: none ever gets its sockets
    Peers peers = closeLater(new Peers(0, 1, Peers.Behaviour.ECHO));
    AgentLink link = closeLater(new AgentLink(4, 1));
    Throwable e = failureOf(link.request(peers.address(), Map.of("n", 1), Duration.ofMillis(300)));
    assertThat(e).isInstanceOf(TransportException.class).hasMessageStartingWith("cannot connect to " + peers.address() + ": ");
    assertThat(link.stats().openSockets()).isZero();
    assertThat(link.stats().queued()).isZero();
  }

  @Test
  void anAddressNobodyListensOnFailsAtOnceSayingTheConnectionWasRefused() {
    AgentLink link = closeLater(new AgentLink(8));
    String address = deadAddress();
    long start = System.nanoTime();
    Throwable e = failureOf(link.request(address, Map.of("message", "ping"), LONG));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("failed before its timeout").isLessThan(LONG);
    assertThat(e)
        .isInstanceOf(TransportException.class)
        .hasMessage("cannot connect to " + address + ": connection refused or host unreachable (no agent listens there)");
    assertThat(LinkFailures.isRefused(e)).isTrue();
    assertThat(((TransportException) e).sent()).isFalse();
    assertThat(link.stats().refusals()).isEqualTo(1);
    assertThat(link.stats().timeouts()).isZero();
    assertThat(link.stats().openSockets()).isZero();
    await().atMost(AWAIT).until(() -> link.stats().inFlight() == 0);
  }

  @Test
  void aRefusedRequestGivesItsSlotBackAtOnce() throws Exception {
    // one slot: the request behind the refused one gets it long before the refused one's timeout
    Peers peers = closeLater(new Peers(0, 1, Peers.Behaviour.ECHO));
    AgentLink link = closeLater(new AgentLink(1));
    CompletableFuture<Object> refused = link.request(deadAddress(), Map.of("n", 0), Duration.ofMinutes(5));
    CompletableFuture<Object> served = link.request(peers.address(), Map.of("n", 1), Duration.ofMinutes(5));
    assertThat(((Map<?, ?>) reply(served)).get("peer")).isEqualTo(peers.address());
    assertThat(LinkFailures.isRefused(failureOf(refused))).isTrue();
  }

  @Test
  void aListenerThatNeverCompletesTheHandshakeTimesOutWithoutTheRequestBeingSent() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      String address = "tcp://127.0.0.1:" + silent.getLocalPort(); // accepts TCP, never speaks ZMTP
      AgentLink link = closeLater(new AgentLink(8));
      Throwable e = failureOf(link.request(address, Map.of("message", "ping"), Duration.ofMillis(1500)));
      assertThat(e)
          .isInstanceOf(TransportException.class)
          .hasMessage("no reply from " + address + " within 1500 ms (no connection; the request was not sent)");
      assertThat(LinkFailures.isRefused(e)).isFalse();
      assertThat(link.stats().timeouts()).isEqualTo(1);
      await().atMost(AWAIT).until(() -> link.stats().openSockets() == 0);
    }
  }

  @Test
  void aRequestThatCannotEvenConnectFailsAloneAndTheLinkKeepsServingOthers() throws Exception {
    Peers peers = closeLater(new Peers(0, 1, Peers.Behaviour.ECHO));
    AgentLink link = closeLater(new AgentLink(8));
    String unresolvable = "tcp://no-such-agent.invalid:9003";
    Throwable e = failureOf(link.request(unresolvable, Map.of("n", 0), Duration.ofSeconds(5)));
    assertThat(e).isInstanceOf(TransportException.class).hasMessageStartingWith("cannot connect to " + unresolvable + ": ");
    assertThat(((Map<?, ?>) reply(link.request(peers.address(), Map.of("n", 1), LONG))).get("peer"))
        .isEqualTo(peers.address());
    assertThat(link.stats().openSockets()).isEqualTo(1); // the peer's connection, kept for the next request
  }

  @Test
  void aPeerThatNeverAnswersTimesOutAndItsSocketIsClosed() {
    Peers peers = closeLater(new Peers(0, 1, Peers.Behaviour.SILENT));
    AgentLink link = closeLater(new AgentLink(8));
    Throwable e = failureOf(link.request(peers.address(), Map.of("n", 1), Duration.ofSeconds(1)));
    assertThat(e).isInstanceOf(TransportException.class).hasMessage(
        "no reply from " + peers.address() + " within 1 s");
    assertThat(peers.received()).containsExactly(Map.of("n", 1L));
    assertThat(link.stats().openSockets()).isZero();
  }

  @Test
  void aReplyThatIsNotMsgpackFailsWithTheReason() {
    Peers peers = closeLater(new Peers(1, 1, Peers.Behaviour.GARBAGE));
    AgentLink link = closeLater(new AgentLink(8));
    for (String address : peers.addresses()) {
      Throwable e = failureOf(link.request(address, Map.of("n", 1), LONG));
      assertThat(e)
          .isInstanceOf(TransportException.class)
          .hasMessageStartingWith("malformed reply from " + address + ": not valid msgpack");
    }
    assertThat(link.stats().failures()).isEqualTo(2);
    assertThat(link.stats().replies()).isZero();
  }

  @Test
  void aReplyWithUnexpectedFramingFailsWithTheReason() {
    Peers peers = closeLater(new Peers(0, 1, Peers.Behaviour.EXTRA_FRAME));
    AgentLink link = closeLater(new AgentLink(8));
    Throwable e = failureOf(link.request(peers.address(), Map.of("n", 1), LONG));
    assertThat(e)
        .isInstanceOf(TransportException.class)
        .hasMessage(
            "malformed reply from "
                + peers.address()
                + ": expected an empty delimiter and one payload frame, got 3 frame(s)");
  }

  @Test
  void requestsBeyondTheInFlightBoundWaitInOrderAndCloseFailsThemAll() {
    Peers peers = closeLater(new Peers(0, 1, Peers.Behaviour.SILENT));
    AgentLink link = new AgentLink(4);
    List<CompletableFuture<Object>> futures = new ArrayList<>();
    for (int n = 0; n < 10; n++) {
      futures.add(link.request(peers.address(), Map.of("n", n), LONG));
    }
    await().atMost(AWAIT).until(() -> peers.received().size() == 4);
    LinkStats stats = link.stats();
    assertThat(stats.inFlight()).isEqualTo(4);
    assertThat(stats.queued()).isEqualTo(6);
    assertThat(stats.openSockets()).isEqualTo(4);
    assertThat(peers.received())
        .containsExactlyInAnyOrder(Map.of("n", 0L), Map.of("n", 1L), Map.of("n", 2L), Map.of("n", 3L));

    link.close();

    for (CompletableFuture<Object> f : futures) {
      assertThat(failureOf(f)).isInstanceOf(TransportException.class).hasMessage("link closed");
    }
    assertThat(link.stats().openSockets()).isZero();
    assertThat(failureOf(link.request(peers.address(), Map.of("n", 99), LONG)))
        .isInstanceOf(TransportException.class)
        .hasMessage("link closed");
  }

  @Test
  void queuedRequestsAreSentOnceASlotFrees() throws Exception {
    Peers peers = closeLater(new Peers(1, 0, Peers.Behaviour.ECHO));
    AgentLink link = closeLater(new AgentLink(1));
    List<CompletableFuture<Object>> futures = new ArrayList<>();
    for (int n = 0; n < 20; n++) {
      futures.add(link.request(peers.address(), Map.of("n", n), LONG));
    }
    for (int n = 0; n < 20; n++) {
      assertThat(((Map<?, ?>) ((Map<?, ?>) reply(futures.get(n))).get("request")).get("n"))
          .isEqualTo((long) n);
    }
    List<Object> order = new ArrayList<>();
    peers.received().forEach(r -> order.add(((Map<?, ?>) r).get("n")));
    assertThat(order).containsExactly(
        0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L);
  }

  /**
   * One request at a time on a fresh connection each (no idle time: nothing is kept), so no other
   * traffic wakes anything: a stalled handshake (about one fresh JeroMQ connection in fifty here) or a
   * readiness the poll did not report would hold a request until its 20 s deadline and fail the test.
   */
  @Test
  void sequentialRequestsOnFreshConnectionsAllGetTheirReply() throws Exception {
    Peers peers = closeLater(new Peers(1, 1, Peers.Behaviour.ECHO));
    AgentLink link = closeLater(new AgentLink(LinkSettings.of(1).withIdleTimeout(Duration.ZERO), null, null));
    for (int n = 0; n < 500; n++) {
      String address = peers.addresses().get(n % 2);
      assertThat(((Map<?, ?>) reply(link.request(address, Map.of("n", n), LONG))).get("peer"))
          .isEqualTo(address);
    }
    assertThat(link.stats().connectionsOpened()).isEqualTo(500);
    assertThat(link.stats().connectionsReused()).isZero();
  }

  @Test
  void ipv6AddressesInBracketsWork() throws Exception {
    try (ZContext peerContext = new ZContext();
        ZMQ.Socket rep = peerContext.createSocket(SocketType.REP)) {
      rep.setIPv6(true);
      int port = rep.bindToRandomPort("tcp://[::1]");
      AgentLink link = closeLater(new AgentLink(8));
      CompletableFuture<Object> pong =
          link.request("tcp://[::1]:" + port, Map.of("message", "ping"), LONG);
      assertThat(MsgPack.decode(rep.recv(0))).isEqualTo(Map.of("message", "ping"));
      rep.send(MsgPack.encode(Map.of("message", "pong")));
      assertThat(reply(pong)).isEqualTo(Map.of("message", "pong"));
    }
  }

  @Test
  void badArgumentsAreRefusedAtOnce() {
    AgentLink link = closeLater(new AgentLink(8));
    assertThatThrownBy(() -> link.request("10.0.0.5:9003", Map.of(), LONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a tcp:// address");
    assertThatThrownBy(() -> link.request("tcp://::1:9003", Map.of(), LONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IPv6 hosts in brackets");
    assertThatThrownBy(() -> link.request("tcp://host:port", Map.of(), LONG))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> link.request("tcp://host:1", new Object(), LONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot encode");
    assertThatThrownBy(() -> link.request("tcp://host:1", Map.of(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> new AgentLink(0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(link.stats().requests()).isZero();
  }

  @Test
  void fiveThousandRequestsLeaveNoSocketOrFileDescriptorBehindOnceIdle() throws Exception {
    Peers peers = closeLater(new Peers(5, 5, Peers.Behaviour.ECHO));
    AgentLink link = closeLater(new AgentLink(LinkSettings.of(256, 2048, Duration.ofMillis(500)), null, null));
    // warm up the context's I/O threads and reaper so they are counted in the baseline
    reply(link.request(peers.address(), Map.of("n", -1), LONG));
    int baseline = openFileDescriptors();
    String dead = deadAddress();
    List<CompletableFuture<Object>> futures = new ArrayList<>();
    for (int n = 0; n < 5000; n++) {
      futures.add(link.request(peers.addresses().get(n % 10), Map.of("n", n), LONG));
      if (n % 1000 == 0) {
        futures.add(link.request(dead, Map.of("n", n), Duration.ofMillis(200)));
      }
    }
    int refused = 0;
    for (CompletableFuture<Object> f : futures) {
      try {
        reply(f);
      } catch (ExecutionException e) {
        assertThat(e.getCause()).hasMessageStartingWith("cannot connect to " + dead);
        refused++;
      }
    }
    assertThat(refused).isEqualTo(5);
    await().atMost(AWAIT).until(() -> link.stats().openSockets() == 0);
    await().atMost(AWAIT).until(() -> openFileDescriptors() <= baseline + 4);
  }

  private static int openFileDescriptors() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? 0 : fds.length;
  }
}
