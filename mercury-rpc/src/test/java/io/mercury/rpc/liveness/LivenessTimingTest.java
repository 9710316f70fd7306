package io.mercury.rpc.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mercury.common.time.ManualTimeSource;
import io.mercury.rpc.liveness.ScriptedAgents.Answer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The monitor's timing (intervals, attempt timeouts, AWOL detection, heartbeats) on a manual clock and
 * scripted agents: time moves only when the test says, so nothing waits and nothing is late. The lost
 * listener runs on the monitor's own pool, so its calls are awaited (they come at once).
 */
class LivenessTimingTest {
  /** Pings every 200 ms; attempts of 1 s and 2 s, so a dead agent is lost 3 s after its ping starts. */
  private static final PingSettings FAST =
      new PingSettings(Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofSeconds(1), 2, 0.42, 1000);
  /** Pinged once when tracked, then not for an hour, unless its connection closes. */
  private static final PingSettings QUIET =
      new PingSettings(Duration.ofHours(1), Duration.ofMillis(50), Duration.ofSeconds(1), 2, 0.42, 1000, Duration.ofMinutes(40))
          .withAfterDisconnect(Duration.ofMillis(200));

  private final ManualTimeSource time = new ManualTimeSource();
  private final ScriptedAgents agents = new ScriptedAgents(time);
  private final List<String> lost = new CopyOnWriteArrayList<>();
  private final Map<String, String> reasons = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> pongs = new ConcurrentHashMap<>();
  private final Map<String, List<Double>> loads = new ConcurrentHashMap<>();
  private LivenessMonitor monitor;

  private LivenessMonitor start(PingSettings settings) {
    return start(settings, (id, reason) -> {});
  }

  private LivenessMonitor start(PingSettings settings, AgentLostListener alsoOnLost) {
    monitor =
        new LivenessMonitor(
            agents,
            settings,
            (id, reason) -> {
              reasons.put(id, reason);
              lost.add(id);
              alsoOnLost.agentLost(id, reason);
            },
            (id, load) -> {
              pongs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
              loads.put(id, load);
            },
            time);
    return monitor;
  }

  private int pongsOf(String id) {
    AtomicInteger n = pongs.get(id);
    return n == null ? 0 : n.get();
  }

  private void awaitLost(String id) {
    await().atMost(Duration.ofSeconds(10)).until(() -> lost.contains(id));
  }

  @AfterEach
  void tearDown() {
    if (monitor != null) {
      monitor.close();
    }
  }

  @Test
  void anAgentThatAnswersStaysTrackedAndIsPingedAgainAfterTheInterval() {
    LivenessMonitor m = start(FAST);
    agents.answer("tcp://a1:9004", Answer.PONG);
    m.track("a1", "tcp://a1:9004");

    time.advance(Duration.ofMillis(50));
    assertThat(pongsOf("a1")).isEqualTo(1);
    time.advance(Duration.ofMillis(200)); // not yet more than the interval since the pong
    assertThat(pongsOf("a1")).isEqualTo(1);
    time.advance(Duration.ofMillis(50));
    assertThat(pongsOf("a1")).isEqualTo(2);

    assertThat(m.tracked()).containsExactly("a1");
    assertThat(m.lastPong("a1")).contains(time.instant().minusMillis(0));
    assertThat(loads.get("a1")).isEqualTo(ScriptedAgents.LOAD);
    assertThat(lost).isEmpty();
  }

  @Test
  void anAgentThatStopsAnsweringIsLostAfterTheRetriesAndLoggedWithItsId() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(LivenessMonitor.class);
    appender.start();
    logger.addAppender(appender);
    try {
      LivenessMonitor m = start(FAST);
      agents.answer("tcp://alive:9004", Answer.PONG).answer("tcp://dying:9004", Answer.PONG);
      m.track("alive", "tcp://alive:9004");
      m.track("dying", "tcp://dying:9004");
      time.advance(Duration.ofMillis(50));
      assertThat(m.lastPong("dying")).isPresent();

      agents.answer("tcp://dying:9004", Answer.SILENT);
      time.advance(Duration.ofMillis(250)); // due again: the ping starts
      time.advance(Duration.ofMillis(2999));
      assertThat(lost).isEmpty();
      time.advance(Duration.ofMillis(1));

      awaitLost("dying");
      assertThat(reasons.get("dying")).isEqualTo("no pong from tcp://dying:9004 after 2 attempts over 3.0 s");
      assertThat(m.tracked()).containsExactly("alive");
      assertThat(m.lastPong("dying")).isEmpty();
      ILoggingEvent warn = appender.list.stream().filter(e -> e.getLevel() == Level.WARN).findFirst().orElseThrow();
      assertThat(warn.getMDCPropertyMap()).containsEntry("mercury_id", "dying");
      assertThat(warn.getFormattedMessage()).contains("dying").contains("no pong from");
      assertThat(lost).containsExactly("dying");
      assertThat(agents.timeouts).hasValue(2);
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void aRefusedPingCountsAsFailedOnlyOnceItsAttemptWouldHaveTimedOut() {
    // attempts of 1 s and 2 s: refused at once each time, the agent is still lost no sooner than 3 s
    start(FAST).track("gone", "tcp://gone:9004");
    time.advance(Duration.ofMillis(50));
    assertThat(agents.refusals).hasValue(1);
    time.advance(Duration.ofMillis(1000));
    assertThat(agents.refusals).hasValue(2);
    time.advance(Duration.ofMillis(1999));
    assertThat(lost).isEmpty();

    time.advance(Duration.ofMillis(1));

    awaitLost("gone");
    assertThat(reasons.get("gone")).isEqualTo("no pong from tcp://gone:9004 after 2 attempts over 3.0 s (connection refused: no agent listens there)");
    assertThat(agents.refusals).hasValue(2);
    assertThat(agents.timeouts).hasValue(0);
  }

  @Test
  void anAgentWhoseConnectionClosedIsPingedSoonAndLostIfDeadWithoutWaitingForItsInterval() {
    LivenessMonitor m = start(QUIET);
    agents.answer("tcp://a1:9004", Answer.PONG);
    m.track("a1", "tcp://a1:9004");
    time.advance(Duration.ofMillis(50));
    assertThat(pongsOf("a1")).isEqualTo(1);
    agents.answer("tcp://a1:9004", Answer.REFUSED); // the agent's process died: its connection closed

    m.connectionClosed("a1");
    time.advance(Duration.ofMillis(199));
    assertThat(agents.pingsTo("tcp://a1:9004")).isEqualTo(1);
    time.advance(Duration.ofMillis(1));
    assertThat(agents.pingsTo("tcp://a1:9004")).isEqualTo(2);
    time.advance(Duration.ofSeconds(3));

    awaitLost("a1");
    assertThat(reasons.get("a1")).startsWith("no pong from tcp://a1:9004 after 2 attempts");
  }

  @Test
  void anAgentHeardAgainAfterItsConnectionClosedIsNotPinged() {
    LivenessMonitor m = start(QUIET);
    agents.answer("tcp://a1:9004", Answer.PONG).answer("tcp://witness:9004", Answer.PONG);
    m.track("a1", "tcp://a1:9004");
    m.track("witness", "tcp://witness:9004");
    time.advance(Duration.ofMillis(50));

    m.connectionClosed("a1");
    time.advance(Duration.ofMillis(1));
    m.heard("a1"); // it reconnected and sent its heartbeat at once
    m.connectionClosed("witness"); // not heard: pinged after the same delay, and alive
    time.advance(Duration.ofMillis(300));

    assertThat(pongsOf("witness")).isEqualTo(2);
    assertThat(pongsOf("a1")).isEqualTo(1);
    assertThat(lost).isEmpty();
  }

  @Test
  void aLostListenerThatTakesLongDoesNotHoldUpThePingingOfOthers() {
    CountDownLatch release = new CountDownLatch(1);
    try {
      LivenessMonitor m =
          start(
              FAST,
              (id, reason) -> {
                try {
                  release.await(); // as ending tasks in a store that is away
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      agents.answer("tcp://alive:9004", Answer.PONG);
      m.track("dead", "tcp://dead:9004");
      m.track("alive", "tcp://alive:9004");
      time.advance(Duration.ofMillis(3050));
      awaitLost("dead");
      int before = pongsOf("alive");

      time.advance(Duration.ofMillis(750));

      assertThat(pongsOf("alive")).isGreaterThanOrEqualTo(before + 3);
      assertThat(m.tracked()).containsExactly("alive");
    } finally {
      release.countDown();
    }
  }

  @Test
  void reTrackingReplacesTheEntrySoTheOldPingCannotLoseTheAgent() {
    LivenessMonitor m = start(FAST);
    agents.answer("tcp://old:9004", Answer.SILENT).answer("tcp://new:9004", Answer.PONG);
    m.track("x", "tcp://old:9004");
    time.advance(Duration.ofMillis(50)); // the old entry is being pinged
    assertThat(agents.requests).hasValue(1);

    m.track("x", "tcp://new:9004");
    time.advance(Duration.ofSeconds(4)); // the old entry's ping failed meanwhile

    assertThat(pongsOf("x")).isGreaterThanOrEqualTo(3);
    assertThat(lost).isEmpty();
    assertThat(m.tracked()).containsExactly("x");
  }

  @Test
  void aLostAgentCanBeTrackedAgain() {
    LivenessMonitor m = start(FAST);
    m.track("y", "tcp://y:9004");
    time.advance(Duration.ofMillis(3050));
    awaitLost("y");
    assertThat(m.tracked()).isEmpty();

    agents.answer("tcp://y:9004", Answer.PONG);
    m.track("y", "tcp://y:9004");
    time.advance(Duration.ofMillis(50));

    assertThat(pongsOf("y")).isEqualTo(1);
    assertThat(m.tracked()).containsExactly("y");
  }

  @Test
  void aForgottenAgentIsNotPingedOrReported() {
    LivenessMonitor m = start(FAST);
    agents.answer("tcp://w:9004", Answer.PONG);
    m.track("z", "tcp://z:9004");
    time.advance(Duration.ofMillis(50));
    assertThat(agents.pingsTo("tcp://z:9004")).isEqualTo(1);

    m.forget("z");
    m.track("w", "tcp://w:9004");
    time.advance(Duration.ofSeconds(4));

    assertThat(pongsOf("w")).isGreaterThanOrEqualTo(3);
    assertThat(agents.pingsTo("tcp://z:9004")).isEqualTo(1);
    assertThat(lost).isEmpty();
    assertThat(m.tracked()).containsExactly("w");
  }

  @Test
  void noMoreThanMaxToSchedulePingsStartPerCycle() {
    PingSettings capped = new PingSettings(Duration.ofMinutes(10), Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0.42, 2);
    LivenessMonitor m = start(capped);
    for (int i = 0; i < 4; i++) {
      agents.answer("tcp://c" + i + ":9004", Answer.PONG);
      m.track("c" + i, "tcp://c" + i + ":9004");
    }

    time.advance(Duration.ofSeconds(2));
    assertThat(pongs).hasSize(2); // the other two wait for the next cycle, 2 s later
    time.advance(Duration.ofSeconds(2));

    assertThat(pongs).hasSize(4);
    assertThat(lost).isEmpty();
  }

  @Test
  void anAgentThatSendsHeartbeatsIsNotPinged() {
    PingSettings settings = new PingSettings(Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofSeconds(1), 2, 0.42, 1000);
    LivenessMonitor m = start(settings);
    m.track("beating", "tcp://beating:9004"); // its pong port refuses
    assertThat(m.heard("beating")).isTrue(); // before the first cycle
    for (int i = 0; i < 30; i++) {
      time.advance(Duration.ofMillis(100));
      m.heard("beating");
    }
    assertThat(agents.requests).hasValue(0);
    assertThat(m.tracked()).containsExactly("beating");
    assertThat(m.lastPong("beating")).contains(time.instant());

    // once the heartbeats stop, the agent is pinged (at a dead address) and lost
    time.advance(Duration.ofMillis(2050 + 3000));

    awaitLost("beating");
    assertThat(agents.requests).hasValue(2);
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
      PingSettings settings = new PingSettings(Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofSeconds(1), 2, 0.42, 1000);
      LivenessMonitor m = start(settings);
      m.track("quiet", "tcp://quiet:9004"); // its pong port is unreachable, but it is alive
      agents.answer("tcp://quiet:9004", Answer.SILENT);
      time.advance(Duration.ofMillis(50));
      assertThat(agents.requests).hasValue(1);
      time.advance(Duration.ofMillis(1));
      m.heard("quiet");

      time.advance(Duration.ofSeconds(1));

      assertThat(appender.list).anyMatch(e -> e.getFormattedMessage().contains("the agent sent a heartbeat meanwhile"));
      assertThat(agents.requests).hasValue(1);
      time.advance(Duration.ofSeconds(10));
      assertThat(m.tracked()).containsExactly("quiet");
      assertThat(lost).isEmpty();
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(level);
    }
  }
}
