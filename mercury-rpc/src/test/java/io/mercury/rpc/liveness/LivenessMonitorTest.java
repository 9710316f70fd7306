package io.mercury.rpc.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mercury.rpc.link.AgentLink;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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
            },
            InstantSource.system());
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
  void anAgentWhoseConnectionClosedIsPingedSoonAndLostIfDeadWithoutWaitingForItsInterval() {
    LivenessMonitor m = start(QUIET, 1);
    m.track("a1", peers.address(0));
    await().atMost(AWAIT).until(() -> pongsOf("a1") == 1);
    peers.kill(0); // the agent's process died: its connection to the backend closed

    m.connectionClosed("a1");

    await().atMost(Duration.ofSeconds(20)).until(() -> lost.contains("a1"));
    assertThat(reasons.get("a1")).startsWith("no pong from " + peers.address(0) + " after 2 attempts");
  }

  @Test
  void anAgentHeardAgainAfterItsConnectionClosedIsNotPinged() {
    LivenessMonitor m = start(QUIET, 2);
    m.track("a1", peers.address(0));
    m.track("witness", peers.address(1));
    await().atMost(AWAIT).until(() -> pongsOf("a1") == 1 && pongsOf("witness") == 1);

    m.connectionClosed("a1");
    m.heard("a1"); // it reconnected and sent its heartbeat at once
    m.connectionClosed("witness"); // not heard: pinged after the same delay, and alive

    await().atMost(AWAIT).until(() -> pongsOf("witness") == 2);
    assertThat(pongsOf("a1")).isEqualTo(1);
    assertThat(lost).isEmpty();
  }

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
  void anAgentWhosePongSocketClosedIsReportedLostAfterTheRetriesAndLoggedWithItsId() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(LivenessMonitor.class);
    appender.start();
    logger.addAppender(appender);
    try {
      LivenessMonitor m = start(FAST, 2);
      m.track("alive", peers.address(0));
      m.track("dying", peers.address(1));
      await().atMost(AWAIT).until(() -> pongsOf("dying") >= 1);
      assertThat(m.lastPong("dying")).isPresent();

      peers.kill(1);

      await().atMost(AWAIT).until(() -> lost.contains("dying"));
      assertThat(reasons.get("dying"))
          .matches("no pong from " + peers.address(1) + " after 2 attempts over [0-9.]+ s( \\(connection refused: no agent listens there\\))?");
      assertThat(m.tracked()).containsExactly("alive");
      assertThat(m.lastPong("dying")).isEmpty();
      ILoggingEvent warn =
          appender.list.stream()
              .filter(e -> e.getLevel() == Level.WARN)
              .findFirst()
              .orElseThrow();
      assertThat(warn.getMDCPropertyMap()).containsEntry("mercury_id", "dying");
      assertThat(warn.getFormattedMessage()).contains("dying").contains("no pong from");
      assertThat(lost).containsExactly("dying");
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void aRefusedPingCountsAsFailedOnlyOnceItsAttemptWouldHaveTimedOut() {
    // attempts of 1 s and 2 s: refused at once each time, the agent is still lost no sooner than 3 s
    LivenessMonitor m = start(FAST, 0);
    long tracked = System.nanoTime();
    m.track("gone", deadAddress());
    await().atMost(AWAIT).until(() -> lost.contains("gone"));
    assertThat(Duration.ofNanos(System.nanoTime() - tracked)).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
    assertThat(reasons.get("gone"))
        .matches("no pong from " + deadAddress() + " after 2 attempts over [0-9.]+ s \\(connection refused: no agent listens there\\)");
    assertThat(link.stats().refusals()).isEqualTo(2);
    assertThat(link.stats().timeouts()).isZero();
  }

  @Test
  void aDeadFleetIsLostWithoutHoldingTheLinksSlots() throws Exception {
    // two in-flight slots for forty dead agents and one live one: refused attempts give their slot
    // back at once, so none waits out a timeout in a slot and the live agent is answered meanwhile
    peers = new PongPeers(1);
    try (AgentLink narrow = new AgentLink(2);
        LivenessMonitor m =
            new LivenessMonitor(narrow, FAST, (id, reason) -> lost.add(id), (id, load) -> pongs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet(), InstantSource.system())) {
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
        LivenessMonitor m = new LivenessMonitor(starved, FAST, (id, reason) -> lost.add(id), (id, load) -> {}, InstantSource.system())) {
      m.track("a", deadAddress());
      await().atMost(AWAIT).until(() -> starved.stats().failures() >= 4);
      assertThat(lost).isEmpty();
      assertThat(m.tracked()).containsExactly("a");
    }
  }

  @Test
  void aLostListenerThatTakesLongDoesNotHoldUpThePingingOfOthers() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    peers = new PongPeers(1);
    try (LivenessMonitor m =
        new LivenessMonitor(
            link,
            FAST,
            (id, reason) -> {
              lost.add(id);
              try {
                release.await(); // as ending tasks in a store that is away
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            (id, load) -> pongs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet(),
            InstantSource.system())) {
      m.track("dead", deadAddress());
      m.track("alive", peers.address(0));
      await().atMost(AWAIT).until(() -> lost.contains("dead"));
      int before = pongsOf("alive");
      await().atMost(AWAIT).until(() -> pongsOf("alive") >= before + 3);
      assertThat(m.tracked()).containsExactly("alive");
    } finally {
      release.countDown();
    }
  }

  @Test
  void reTrackingReplacesTheEntrySoTheOldPingCannotLoseTheAgent() {
    LivenessMonitor m = start(FAST, 1);
    m.track("x", deadAddress());
    await().atMost(AWAIT).until(() -> link.stats().requests() >= 1); // the old entry is being pinged
    m.track("x", peers.address(0));
    // the old entry's ping (at most 100 + 200 ms) has long ended after two intervals of pongs
    await().atMost(AWAIT).until(() -> pongsOf("x") >= 3);
    assertThat(lost).isEmpty();
    assertThat(m.tracked()).containsExactly("x");
  }

  @Test
  void aLostAgentCanBeTrackedAgain() {
    LivenessMonitor m = start(FAST, 1);
    m.track("y", deadAddress());
    await().atMost(AWAIT).until(() -> lost.contains("y"));
    assertThat(m.tracked()).isEmpty();
    m.track("y", peers.address(0));
    await().atMost(AWAIT).until(() -> pongsOf("y") >= 1);
    assertThat(m.tracked()).containsExactly("y");
  }

  @Test
  void aForgottenAgentIsNotPingedOrReported() {
    LivenessMonitor m = start(FAST, 1);
    m.track("z", deadAddress());
    await().atMost(AWAIT).until(() -> link.stats().requests() >= 1);
    m.forget("z");
    m.track("w", peers.address(0));
    await().atMost(AWAIT).until(() -> pongsOf("w") >= 3);
    assertThat(lost).isEmpty();
    assertThat(m.tracked()).containsExactly("w");
  }

  @Test
  void anAgentWithAnUnusableAddressIsLostWithTheReason() {
    LivenessMonitor m = start(FAST, 1);
    m.track("bad", "10.0.0.5:9004");
    await().atMost(AWAIT).until(() -> lost.contains("bad"));
    assertThat(reasons.get("bad")).startsWith("cannot ping 10.0.0.5:9004: not a tcp:// address");
  }

  @Test
  void noMoreThanMaxToSchedulePingsStartPerCycle() {
    PingSettings capped =
        new PingSettings(
            Duration.ofMinutes(10), Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0.42, 2);
    LivenessMonitor m = start(capped, 1);
    for (int i = 0; i < 4; i++) {
      m.track("c" + i, peers.address(0));
    }
    await().atMost(AWAIT).until(() -> pongs.size() >= 2);
    assertThat(pongs).hasSize(2); // the other two wait for the next cycle, 2 s later
    await().atMost(AWAIT).until(() -> pongs.size() == 4);
    assertThat(lost).isEmpty();
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
  void anAgentThatSendsHeartbeatsIsNotPinged() {
    // interval 2 s, heartbeats every 100 ms: only a 2 s stall of the heartbeat thread would cause a ping
    PingSettings settings =
        new PingSettings(Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofSeconds(1), 2, 0.42, 1000);
    LivenessMonitor m = start(settings, 0);
    m.track("beating", deadAddress());
    assertThat(m.heard("beating")).isTrue(); // before the first cycle
    java.util.concurrent.ScheduledExecutorService beats = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try {
      beats.scheduleAtFixedRate(() -> m.heard("beating"), 100, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
      long start = System.nanoTime();
      await().atMost(AWAIT).until(() -> System.nanoTime() - start > 3_000_000_000L);
      assertThat(link.stats().requests()).isZero();
      assertThat(m.tracked()).containsExactly("beating");
      assertThat(m.lastPong("beating")).isPresent();
    } finally {
      beats.shutdownNow();
    }
    // once the heartbeats stop, the agent is pinged (at a dead address) and lost
    await().atMost(AWAIT).until(() -> lost.contains("beating"));
    assertThat(link.stats().requests()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aHeartbeatFromAnUntrackedAgentIsNotTaken() {
    LivenessMonitor m = start(FAST, 0);
    assertThat(m.heard("stranger")).isFalse();
    assertThat(m.tracked()).isEmpty();
    assertThat(m.heartbeatInterval()).isEqualTo(Duration.ofMillis(133));
  }

  @Test
  void anAgentHeardWhileItsPingFailsIsNotLost() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(LivenessMonitor.class);
    Level level = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    appender.start();
    logger.addAppender(appender);
    try {
      PingSettings settings =
          new PingSettings(Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofSeconds(1), 2, 0.42, 1000);
      LivenessMonitor m = start(settings, 0);
      m.track("quiet", deadAddress()); // its pong port is unreachable, but it is alive
      await().atMost(AWAIT).until(() -> link.stats().requests() >= 1);
      m.heard("quiet");

      await().atMost(AWAIT).until(() -> appender.list.stream()
          .anyMatch(e -> e.getFormattedMessage().contains("the agent sent a heartbeat meanwhile")));
      assertThat(m.tracked()).containsExactly("quiet");
      assertThat(lost).isEmpty();
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(level);
    }
  }
}
