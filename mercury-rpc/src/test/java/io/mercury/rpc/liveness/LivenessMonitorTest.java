package io.mercury.rpc.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mercury.rpc.link.AgentLink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The monitor over a real {@link AgentLink} and pong sockets: what depends on the link (real pongs,
 * connection slots, sockets). Its timing is tested on a manual clock in {@link LivenessTimingTest}.
 */
class LivenessMonitorTest {
  private static final Duration AWAIT = Duration.ofSeconds(30);
  // Pings every 200 ms; a live peer has a second to answer (a loaded machine can take more than 100 ms
  // to connect and reply), a dead one is lost after two attempts, about three seconds.
  private static final PingSettings FAST =
      new PingSettings(
          Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofSeconds(1), 2, 0.42, 1000);

  private final AgentLink link = new AgentLink(256);
  private final List<String> lost = new CopyOnWriteArrayList<>();
  private final Map<String, String> reasons = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> pongs = new ConcurrentHashMap<>();
  private final Map<String, List<Double>> loads = new ConcurrentHashMap<>();
  private PongPeers peers;
  private LivenessMonitor monitor;

  private LivenessMonitor start(PingSettings settings, int peerCount) {
    peers = new PongPeers(peerCount);
    monitor =
        new LivenessMonitor(
            link,
            settings,
            (id, reason) -> {
              lost.add(id);
              reasons.put(id, reason);
            },
            (id, load) -> {
              pongs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
              loads.put(id, load);
            });
    return monitor;
  }

  private int pongsOf(String id) {
    AtomicInteger n = pongs.get(id);
    return n == null ? 0 : n.get();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (monitor != null) {
      monitor.close();
    }
    link.close();
    if (peers != null) {
      peers.close();
    }
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
  void anAgentThatAnswersStaysTrackedAndIsPingedAgainAfterTheInterval() {
    LivenessMonitor m = start(FAST, 1);
    m.track("a1", peers.address(0));
    await().atMost(AWAIT).until(() -> pongsOf("a1") >= 3);
    assertThat(m.tracked()).containsExactly("a1");
    assertThat(m.lastPong("a1")).isPresent();
    assertThat(loads.get("a1")).isEqualTo(PongPeers.LOAD);
    assertThat(lost).isEmpty();
  }

  /** Pinged once when tracked, then not for an hour, unless its connection closes. */
  private static final PingSettings QUIET =
      new PingSettings(Duration.ofHours(1), Duration.ofMillis(50), Duration.ofSeconds(1), 2, 0.42, 1000, Duration.ofMinutes(40))
          .withAfterDisconnect(Duration.ofMillis(200));

  @Test
  void anUntrackedAgentsClosedConnectionIsIgnored() {
    LivenessMonitor m = start(QUIET, 1);
    m.connectionClosed("nobody");
    m.track("a1", peers.address(0));
    await().atMost(AWAIT).until(() -> pongsOf("a1") == 1);
    assertThat(m.tracked()).containsExactly("a1");
    assertThat(lost).isEmpty();
  }

  @Test
  void aPongFromAnotherDeviceLosesTheAgentAtOnceAndItsOwnKeepsItTracked() {
    LivenessMonitor m = start(FAST, 2);
    peers.answerAs(0, "b2"); // another server took a1's address
    peers.answerAs(1, "c3");
    m.track("a1", peers.address(0));
    m.track("c3", peers.address(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> lost.contains("a1"));
    assertThat(reasons.get("a1")).isEqualTo("the agent at " + peers.address(0) + " answered as device b2, not a1");
    await().atMost(Duration.ofSeconds(10)).until(() -> pongsOf("c3") >= 1);
    assertThat(lost).containsExactly("a1");
    assertThat(m.tracked()).containsExactly("c3");
  }

  @Test
  void aDeadFleetIsLostWithoutHoldingTheLinksSlots() throws Exception {
    // two in-flight slots for forty dead agents and one live one: refused attempts give their slot
    // back at once, so none waits out a timeout in a slot and the live agent is answered meanwhile
    peers = new PongPeers(1);
    try (AgentLink narrow = new AgentLink(2);
        LivenessMonitor m =
            new LivenessMonitor(narrow, FAST, (id, reason) -> lost.add(id), (id, load) -> pongs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet())) {
      for (int i = 0; i < 40; i++) {
        m.track("dead-" + i, deadAddress());
      }
      m.track("alive", peers.address(0));
      await().atMost(AWAIT).until(() -> lost.size() == 40);
      assertThat(lost).doesNotContain("alive");
      assertThat(pongsOf("alive")).isPositive();
      assertThat(narrow.stats().refusals()).isGreaterThanOrEqualTo(80);
      assertThat(narrow.stats().timeouts()).isZero();
    }
  }

  @Test
  void pingsThatCannotLeaveThisProcessForLackOfSocketsDoNotLoseTheAgent() {
    // room for one socket where a ping needs three: no ping ever leaves, the link says why
    try (AgentLink starved = new AgentLink(4, 1);
        LivenessMonitor m = new LivenessMonitor(starved, FAST, (id, reason) -> lost.add(id), (id, load) -> {})) {
      m.track("a", deadAddress());
      await().atMost(AWAIT).until(() -> starved.stats().failures() >= 4);
      assertThat(lost).isEmpty();
      assertThat(m.tracked()).containsExactly("a");
    }
  }

  @Test
  void anAgentWithAnUnusableAddressIsLostWithTheReason() {
    LivenessMonitor m = start(FAST, 1);
    m.track("bad", "10.0.0.5:9004");
    await().atMost(AWAIT).until(() -> lost.contains("bad"));
    assertThat(reasons.get("bad")).startsWith("cannot ping 10.0.0.5:9004: not a tcp:// address");
  }

  @Test
  void aThousandAgentsOnAFewSocketsAreAllKeptAlive() {
    PingSettings settings =
        new PingSettings(
            Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(5), 3, 0.42, 1000);
    LivenessMonitor m = start(settings, 4);
    for (int i = 0; i < 1000; i++) {
      m.track("agent-" + i, peers.address(i % 4));
    }
    await().atMost(AWAIT).until(() -> pongs.size() == 1000);
    assertThat(m.tracked()).hasSize(1000);
    assertThat(lost).isEmpty();
    assertThat(link.stats().openSockets()).isLessThanOrEqualTo(3 * 256);
  }

  @Test
  void aHeartbeatFromAnUntrackedAgentIsNotTaken() {
    LivenessMonitor m = start(FAST, 0);
    assertThat(m.heard("stranger")).isFalse();
    assertThat(m.tracked()).isEmpty();
    assertThat(m.heartbeatInterval()).isEqualTo(Duration.ofMillis(133));
  }
}
