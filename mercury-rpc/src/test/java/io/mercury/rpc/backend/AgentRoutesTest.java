package io.mercury.rpc.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mercury.common.transport.Peer;
import io.mercury.common.transport.PeerRequests;
import io.mercury.rpc.link.AgentKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which way a request to an agent goes: over its channel when it is bound with the device's key, else
 * directly; a channel request that fails drops the binding, so the next attempt goes direct.
 */
class AgentRoutesTest {
  private static final String ID = "01aa";
  private final PeerRequests peers = new PeerRequests("test", 10); // no server: nothing is ever answered
  private final List<String> direct = new ArrayList<>();

  @AfterEach
  void tearDown() {
    peers.close();
  }

  private AgentRoutes routes(AgentChannels channels) {
    return new AgentRoutes(channels, (id, address, message, timeout) -> {
      direct.add(id);
      return CompletableFuture.completedFuture(Map.of("message", "pong"));
    });
  }

  @Test
  void anUnboundAgentIsReachedDirectly() {
    AgentRoutes routes = routes(new AgentChannels(peers, new AgentKeys()));
    assertThat(routes.request(ID, "tcp://127.0.0.1:9004", Map.of("message", "ping"), Duration.ofSeconds(1))).isCompleted();
    assertThat(direct).containsExactly(ID);
    assertThat(peers.stats().requests()).isZero();
  }

  @Test
  void aFailedChannelRequestSendsTheNextAttemptDirect() {
    AgentChannels channels = new AgentChannels(peers, new AgentKeys());
    assertThat(channels.bind(ID, new Peer(new byte[] {0, 1}), null)).isTrue();
    AgentRoutes routes = routes(channels);

    CompletableFuture<Object> first = routes.request(ID, "tcp://127.0.0.1:9004", Map.of("message", "ping"), Duration.ofMillis(100));
    assertThat(direct).isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(first::isCompletedExceptionally);
    await().atMost(Duration.ofSeconds(10)).until(() -> !channels.isBound(ID));

    assertThat(routes.request(ID, "tcp://127.0.0.1:9004", Map.of("message", "ping"), Duration.ofSeconds(1))).isCompleted();
    assertThat(direct).containsExactly(ID);
  }

  @Test
  void withCurveOnlyTheDevicesRegisteredKeyBindsAndABindingDiesWithAKeyChange() {
    AgentKeys keys = new AgentKeys(true);
    keys.put(ID, "registered-key");
    AgentChannels channels = new AgentChannels(peers, keys);
    assertThat(channels.bind(ID, new Peer(new byte[] {0, 1}), "another-key")).isFalse();
    assertThat(channels.bind(ID, new Peer(new byte[] {0, 1}), null)).isFalse();
    assertThat(channels.bind(ID, new Peer(new byte[] {0, 1}), "registered-key")).isTrue();

    keys.put(ID, "new-key"); // the device registered again with another key
    AgentRoutes routes = routes(channels);
    assertThat(routes.request(ID, "tcp://127.0.0.1:9004", Map.of("message", "ping"), Duration.ofSeconds(1))).succeedsWithin(Duration.ofSeconds(10));
    assertThat(direct).containsExactly(ID);
    assertThat(channels.isBound(ID)).isFalse();
    assertThat(peers.stats().requests()).isZero();
  }
}
