package io.mercury.rpc.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.transport.TransportException;
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

/** The link's connections: kept open between requests, never answering the wrong request, closed when idle. */
class AgentLinkConnectionsTest {
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

  private static Map<?, ?> reply(CompletableFuture<Object> f) throws Exception {
    return (Map<?, ?>) f.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static Object n(Map<?, ?> reply) {
    return ((Map<?, ?>) reply.get("request")).get("n");
  }

  private static Throwable failureOf(CompletableFuture<Object> f) {
    assertThatThrownBy(() -> f.get(AWAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    return f.exceptionNow();
  }

  /**
   * The agent accepted {@code connections} TCP connections from the link, give or take the ones the
   * link replaced because their handshake stalled (on a loaded machine a fresh JVM's first handshakes
   * can take longer than the 250 ms budget).
   */
  private static void assertAccepted(FakeAgent agent, AgentLink link, int connections) {
    LinkStats stats = link.stats();
    assertThat(agent.accepted()).as("%s", stats).isBetween(connections, connections + (int) stats.reconnects());
  }

  @Test
  void requestsToAnAgentShareOneConnection() throws Exception {
    FakeAgent rpc = closeLater(new FakeAgent(SocketType.ROUTER, null));
    FakeAgent pong = closeLater(new FakeAgent(SocketType.REP, null));
    AgentLink link = closeLater(new AgentLink(8));
    for (int n = 0; n < 50; n++) {
      assertThat(n(reply(link.request(rpc.address(), Map.of("n", n), LONG)))).isEqualTo((long) n);
      assertThat(n(reply(link.request(pong.address(), Map.of("n", n), LONG)))).isEqualTo((long) n);
    }
    assertAccepted(rpc, link, 1);
    assertAccepted(pong, link, 1);
    LinkStats stats = link.stats();
    assertThat(stats.connectionsOpened()).isEqualTo(2);
    assertThat(stats.connectionsReused()).isEqualTo(98);
    assertThat(stats.openConnections()).isEqualTo(2);
    assertThat(stats.idleConnections()).isEqualTo(2);
    assertThat(stats.openSockets()).isEqualTo(2); // the monitors are closed once a connection is proven
  }

  @Test
  void aLateReplyNeverAnswersTheNextRequest() throws Exception {
    for (SocketType type : List.of(SocketType.ROUTER, SocketType.REP)) {
      FakeAgent agent = closeLater(new FakeAgent(type, null));
      AgentLink link = closeLater(new AgentLink(1));
      assertThat(n(reply(link.request(agent.address(), Map.of("n", 0), LONG)))).isEqualTo(0L);
      Throwable e = failureOf(link.request(agent.address(), Map.of("n", 1, "delay_ms", 600), Duration.ofMillis(200)));
      assertThat(e).isInstanceOf(TransportException.class).hasMessage("no reply from " + agent.address() + " within 200 ms");
      // sent while the late reply is still to come, and waiting for it to have come and gone
      CompletableFuture<Object> next = link.request(agent.address(), Map.of("n", 2, "delay_ms", 800), LONG);
      assertThat(n(reply(next))).as(type + ": the reply to the next request is its own").isEqualTo(2L);
      assertThat(n(reply(link.request(agent.address(), Map.of("n", 3), LONG)))).isEqualTo(3L);
      assertAccepted(agent, link, 2);
    }
  }

  @Test
  void anAgentThatRestartsOnTheSameAddressIsReachedAgain() throws Exception {
    FakeAgent first = new FakeAgent(SocketType.ROUTER, null);
    int port = first.port();
    AgentLink link = closeLater(new AgentLink(4));
    assertThat(n(reply(link.request(first.address(), Map.of("n", 0), LONG)))).isEqualTo(0L);
    first.close();
    String address = first.address();
    Throwable e = failureOf(link.request(address, Map.of("n", 1), Duration.ofMillis(300)));
    assertThat(e).isInstanceOf(TransportException.class).hasMessageStartingWith("no reply from " + address + " within 300 ms");
    FakeAgent[] restarted = new FakeAgent[1];
    await().atMost(AWAIT).ignoreExceptions().until(() -> (restarted[0] = new FakeAgent(SocketType.ROUTER, null, port)) != null);
    closeLater(restarted[0]);
    assertThat(n(reply(link.request(address, Map.of("n", 2), LONG)))).isEqualTo(2L);
    assertThat(restarted[0].received()).doesNotContain(Map.of("n", 1L));
  }

  @Test
  void anIdleConnectionToARestartedAgentReconnectsByItself() throws Exception {
    FakeAgent first = new FakeAgent(SocketType.REP, null);
    int port = first.port();
    AgentLink link = closeLater(new AgentLink(4));
    assertThat(n(reply(link.request(first.address(), Map.of("n", 0), LONG)))).isEqualTo(0L);
    first.close();
    FakeAgent[] restarted = new FakeAgent[1];
    await().atMost(AWAIT).ignoreExceptions().until(() -> (restarted[0] = new FakeAgent(SocketType.REP, null, port)) != null);
    closeLater(restarted[0]);
    assertThat(n(reply(link.request(first.address(), Map.of("n", 1), LONG)))).isEqualTo(1L);
    assertThat(link.stats().connectionsOpened()).isEqualTo(1);
  }

  @Test
  void aRefusedAddressFailsAndKeepsNoConnection() {
    AgentLink link = closeLater(new AgentLink(4));
    String address = "tcp://127.0.0.1:1";
    Throwable e = failureOf(link.request(address, Map.of("n", 0), LONG));
    assertThat(e).isInstanceOf(TransportException.class).hasMessageStartingWith("cannot connect to " + address + ": connection refused");
    await().atMost(AWAIT).until(() -> link.stats().inFlight() == 0);
    assertThat(link.stats().openConnections()).isZero();
    assertThat(link.stats().openSockets()).isZero();
  }

  @Test
  void withCurveOnlyTheRegisteredKeyIsAnsweredAndANewKeyGetsANewConnection() throws Exception {
    CurveKeyPair backend = CurveKeyPair.generate();
    CurveKeyPair agentKey = CurveKeyPair.generate();
    CurveKeyPair otherKey = CurveKeyPair.generate();
    FakeAgent agent = closeLater(new FakeAgent(SocketType.ROUTER, agentKey));
    AgentKeys keys = new AgentKeys(true);
    keys.put("device", agentKey.publicKey());
    keys.put("impostor", otherKey.publicKey());
    AgentLink link = closeLater(new AgentLink(4, backend, keys));
    for (int n = 0; n < 5; n++) {
      assertThat(n(reply(link.request("device", agent.address(), Map.of("n", n), LONG)))).isEqualTo((long) n);
    }
    assertAccepted(agent, link, 1);

    Throwable wrong = failureOf(link.request("impostor", agent.address(), Map.of("n", 99), Duration.ofMillis(500)));
    // JeroMQ reports the ZMTP greeting, not the CURVE handshake, so the request may count as sent
    assertThat(wrong).isInstanceOf(TransportException.class).hasMessageStartingWith("no reply from " + agent.address() + " within 500 ms");
    assertThat(agent.received()).doesNotContain(Map.of("n", 99L));

    long before = link.stats().requests();
    Throwable unknown = failureOf(link.request("stranger", agent.address(), Map.of("n", 98), LONG));
    assertThat(unknown).isInstanceOf(TransportException.class).hasMessageStartingWith("no CURVE public key is known for device stranger");
    assertThat(link.stats().requests()).isEqualTo(before);

    // the device's key is replaced (its agent now holds otherKey): the old connection is not used
    FakeAgent renewed = closeLater(new FakeAgent(SocketType.ROUTER, otherKey));
    keys.put("device", otherKey.publicKey());
    long opened = link.stats().connectionsOpened();
    assertThat(n(reply(link.request("device", renewed.address(), Map.of("n", 5), LONG)))).isEqualTo(5L);
    assertThat(link.stats().connectionsOpened()).isEqualTo(opened + 1);
  }

  @Test
  void idleConnectionsAreClosedAfterTheIdleTime() throws Exception {
    FakeAgent agent = closeLater(new FakeAgent(SocketType.ROUTER, null));
    AgentLink link = closeLater(new AgentLink(LinkSettings.of(4, 16, Duration.ofMillis(300)), null, null));
    assertThat(n(reply(link.request(agent.address(), Map.of("n", 0), LONG)))).isEqualTo(0L);
    assertThat(link.stats().idleConnections()).isEqualTo(1);
    await().atMost(AWAIT).until(() -> link.stats().openConnections() == 0);
    assertThat(link.stats().idleConnections()).isZero();
    assertThat(link.stats().openSockets()).isZero();
    assertThat(n(reply(link.request(agent.address(), Map.of("n", 1), LONG)))).isEqualTo(1L);
    assertAccepted(agent, link, 2);
  }

  @Test
  void atTheConnectionLimitTheLeastRecentlyUsedIdleConnectionIsClosed() throws Exception {
    FakeAgent a = closeLater(new FakeAgent(SocketType.ROUTER, null));
    FakeAgent b = closeLater(new FakeAgent(SocketType.ROUTER, null));
    FakeAgent c = closeLater(new FakeAgent(SocketType.REP, null));
    AgentLink link = closeLater(new AgentLink(LinkSettings.of(1, 2, Duration.ofMinutes(5)), null, null));
    reply(link.request(a.address(), Map.of("n", 0), LONG));
    reply(link.request(b.address(), Map.of("n", 1), LONG));
    reply(link.request(a.address(), Map.of("n", 2), LONG)); // b is now the least recently used
    reply(link.request(c.address(), Map.of("n", 3), LONG));
    assertThat(link.stats().openConnections()).isEqualTo(2);
    reply(link.request(a.address(), Map.of("n", 4), LONG));
    reply(link.request(b.address(), Map.of("n", 5), LONG));
    assertAccepted(a, link, 1);
    assertAccepted(b, link, 2);
    assertThat(link.stats().openConnections()).isEqualTo(2);
  }

  @Test
  void aThousandRequestsToTwoHundredAgentsInRoundsOpenTwoHundredConnections() throws Exception {
    Peers peers = closeLater(new Peers(100, 100, Peers.Behaviour.ECHO));
    AgentLink link = closeLater(new AgentLink(64));
    for (int round = 0; round < 5; round++) {
      List<CompletableFuture<Object>> futures = new ArrayList<>();
      for (String address : peers.addresses()) {
        futures.add(link.request(address, Map.of("round", round, "peer", address), LONG));
      }
      for (int i = 0; i < futures.size(); i++) {
        Map<?, ?> echoed = reply(futures.get(i));
        assertThat(echoed.get("peer")).isEqualTo(peers.addresses().get(i));
        assertThat(((Map<?, ?>) echoed.get("request")).get("round")).isEqualTo((long) round);
      }
    }
    await().atMost(AWAIT).until(() -> link.stats().inFlight() == 0);
    LinkStats stats = link.stats();
    assertThat(stats.replies()).isEqualTo(1000);
    assertThat(stats.connectionsOpened()).isEqualTo(200);
    assertThat(stats.connectionsReused()).isEqualTo(800);
    assertThat(stats.openConnections()).isEqualTo(200);
  }

  @Test
  void settingsAreChecked() {
    assertThatThrownBy(() -> LinkSettings.of(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LinkSettings.of(8, 4, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConnections (4) must be at least maxInFlight (8)");
    assertThatThrownBy(() -> LinkSettings.of(8, 8, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
