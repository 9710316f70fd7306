package io.mercury.common.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.Reply;
import io.mercury.common.transport.MessageHandler;
import io.mercury.common.transport.RouterServer;
import io.mercury.common.transport.ServerSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.zeromq.ZContext;

class RemoteLogAppenderTest {
  private static final RemoteLogAppender.Settings FAST =
      new RemoteLogAppender.Settings(50, 10, Duration.ofMillis(20), Duration.ofMillis(300), Duration.ofMillis(200));

  private final ZContext zmq = new ZContext();
  private final LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
  private RemoteLogAppender appender;
  private RouterServer server;

  @AfterEach
  void close() {
    if (appender != null) {
      logback.getLogger("test").detachAppender(appender);
      appender.stop();
    }
    if (server != null) {
      server.close();
    }
    zmq.close();
    MDC.clear();
  }

  private Logger logger(String url) {
    appender = new RemoteLogAppender(url, Map.of("service", "mercury-test", "version", "1", "host", "h"), FAST);
    appender.setContext(logback);
    appender.start();
    Logger logger = logback.getLogger("test");
    logger.setAdditive(false);
    logger.addAppender(appender);
    return logger;
  }

  /** A log service that stores every event of every batch, or refuses every batch. */
  private String serve(String address, boolean refuse) {
    MessageHandler handler =
        (payload, caller) -> {
          try {
            Map<?, ?> request = (Map<?, ?>) MsgPack.decode(payload);
            if (refuse) {
              return MsgPack.encode(Reply.failure("no thanks").toWire());
            }
            List<?> events = (List<?>) ((List<?>) request.get("args")).get(0);
            events.forEach(e -> received.add(RemoteLogAppenderTest.map(e)));
            return MsgPack.encode(Reply.ok(Map.of("stored", events.size())).toWire());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    server = new RouterServer(zmq, ServerSettings.of("log", address), handler);
    return server.start();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  /** A free port below the ephemeral range, so a connect to it while nothing listens cannot self-connect. */
  private static int quietPort() throws IOException {
    for (int port = 20_000 + (int) (ProcessHandle.current().pid() % 5000); port < 32_000; port++) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return port;
      } catch (IOException taken) {
        // try the next one
      }
    }
    throw new IOException("no free port");
  }

  @Test
  void eventsCarryTheProcessFieldsTheContextIdsAndTheException() {
    String address = serve("tcp://127.0.0.1:0", false);
    Logger log = logger(address);
    try (LogScope s = LogScope.of(LogKeys.JOB_ID, "job-1", LogKeys.TASK_ID, "task-1", LogKeys.MERCURY_ID, "01ab")) {
      log.error("it broke: {}", "badly", new IllegalStateException("boom"));
    }
    log.info("plain");
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 2);
    Map<String, Object> first = received.get(0);
    assertThat(first)
        .containsEntry("message", "it broke: badly")
        .containsEntry("level", "ERROR")
        .containsEntry("logger", "test")
        .containsEntry("service", "mercury-test")
        .containsEntry("version", "1")
        .containsEntry("host", "h")
        .containsEntry("job_id", "job-1")
        .containsEntry("task_id", "task-1")
        .containsEntry("mercury_id", "01ab");
    assertThat((String) first.get("exception")).contains("IllegalStateException: boom");
    assertThat((Double) first.get("time")).isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(60.0));
    assertThat(received.get(1)).doesNotContainKeys("job_id", "exception");
    assertThat(appender.stats().sent()).isEqualTo(2);
  }

  @Test
  void whileTheServiceIsDownLoggingNeverBlocksTheBufferStaysBoundedAndTheBacklogAndDropCountArriveLater()
      throws IOException {
    String address = "tcp://127.0.0.1:" + quietPort();
    Logger log = logger(address);
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          for (int i = 0; i < 1000; i++) {
            log.info("event {}", i);
          }
        });
    await().atMost(Duration.ofSeconds(20)).until(() -> appender.stats().failures() >= 1);
    RemoteLogAppender.Stats down = appender.stats();
    assertThat(down.sent()).isZero();
    assertThat(down.buffered()).isLessThanOrEqualTo(FAST.capacity());
    // what is not buffered or in the sender's hands (one batch) was dropped and counted
    assertThat(down.dropped()).isGreaterThanOrEqualTo(1000 - FAST.capacity() - FAST.batchSize());

    serve(address, false);
    await().atMost(Duration.ofSeconds(30)).until(() -> appender.stats().sent() + appender.stats().dropped() == 1000);
    RemoteLogAppender.Stats back = appender.stats();
    assertThat(back.buffered()).isZero();
    assertThat(received).filteredOn(e -> "INFO".equals(e.get("level"))).hasSize((int) back.sent());
    assertThat(received)
        .filteredOn(e -> "WARN".equals(e.get("level")))
        .singleElement()
        .satisfies(e -> assertThat((String) e.get("message")).startsWith(back.dropped() + " log events were dropped"));
    // the forwarded events are the oldest ones, in order: what was dropped is what came last
    assertThat(received.get(0)).containsEntry("message", "event 0");
  }

  @Test
  void theLoggingOptionsTurnForwardingOnAndIdentifyAddsTheDevice() throws Exception {
    String address = serve("tcp://127.0.0.1:0", false);
    var spec = io.mercury.common.config.ConfigSpec.builder("mercury-test", "mercury-test.yaml").build();
    var cfg = io.mercury.common.config.ConfigLoader.load(spec, new String[] {"--log-service", address}, Map.of(), null);
    try {
      Logging.configure("mercury-test", cfg);
      org.slf4j.Logger log = LoggerFactory.getLogger("configured");
      log.info("before identify");
      Logging.identify("01dev");
      log.info("after identify");
      try (LogScope s = LogScope.of(LogKeys.MERCURY_ID, "01other")) {
        log.info("in scope");
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 3);
      assertThat(received).allSatisfy(e -> assertThat(e).containsEntry("service", "mercury-test").containsKeys("version", "host"));
      assertThat(received.get(0)).doesNotContainKey("mercury_id");
      assertThat(received.get(1)).containsEntry("mercury_id", "01dev");
      assertThat(received.get(2)).containsEntry("mercury_id", "01other");
    } finally {
      logback.reset();
      new ch.qos.logback.classic.util.ContextInitializer(logback).autoConfig();
    }
    // without the option nothing is forwarded
    Logging.configure("mercury-test", io.mercury.common.config.ConfigLoader.load(spec, new String[0], Map.of(), null));
    try {
      assertThat(logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("mercury-log-service")).isNull();
    } finally {
      logback.reset();
      new ch.qos.logback.classic.util.ContextInitializer(logback).autoConfig();
    }
  }

  @Test
  void aBatchTheServiceRefusesIsCountedAndNotRetried() {
    String address = serve("tcp://127.0.0.1:0", true);
    Logger log = logger(address);
    log.info("one");
    await().atMost(Duration.ofSeconds(20)).until(() -> appender.stats().rejected() == 1);
    log.info("two");
    await().atMost(Duration.ofSeconds(20)).until(() -> appender.stats().rejected() == 2);
    assertThat(appender.stats().sent()).isZero();
    assertThat(appender.stats().buffered()).isZero();
  }
}
