package io.mercury.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mercury.common.logging.LogKeys;
import io.mercury.common.logging.LogScope;
import io.mercury.common.logging.RemoteLogAppender;
import io.mercury.common.protocol.Request;
import io.mercury.common.store.EmbeddedStore;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServerSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.log.LogService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The log service on the embedded store (H2 file backend): sustained ingest of {@code log_batch}es of
 * 500 events from 2 senders, and the {@link RemoteLogAppender}'s cost per log call, with the service up
 * and with it down (every event dropped at a full buffer).
 *
 * <p>Run: {@code bin/mercury bench log [--events 100000] [--runs 3]}. Prints one line per run and the
 * median over runs; not part of the test suite.
 */
public final class LogBenchmark {
  private static final int BATCH = 500;
  private static final int SENDERS = 2;
  private static final int CALLS = 1_000_000;

  private LogBenchmark() {}

  record Run(double ingestPerSecond, double roomNsPerCall, double upNsPerCall, double upDelivered, double downNsPerCall) {}

  public static void main(String[] args) throws Exception {
    int events = InventoryBenchmark.intArg(args, "--events", 100_000);
    int runs = InventoryBenchmark.intArg(args, "--runs", 3);
    System.out.printf("log benchmark: %d events in batches of %d from %d senders, %d log calls, %d runs, JDK %s, %d cores%n",
        events, BATCH, SENDERS, CALLS, runs, Runtime.version(), Runtime.getRuntime().availableProcessors());
    ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
    List<Run> results = new ArrayList<>();
    for (int r = 1; r <= runs; r++) {
      Run run = runOnce(events);
      results.add(run);
      System.out.printf(
          "run %d: ingest %.0f events/s | appender with room in the buffer %.0f ns/call | 1M-call burst, service up: %.0f ns/call (%.0f%% delivered) | service down: %.0f ns/call%n",
          r, run.ingestPerSecond, run.roomNsPerCall, run.upNsPerCall, run.upDelivered * 100, run.downNsPerCall);
    }
    System.out.printf(
        "median of %d runs: ingest %.0f events/s | appender with room %.0f ns/call | burst up %.0f ns/call (%.0f%% delivered) | down %.0f ns/call%n",
        runs,
        InventoryBenchmark.median(results.stream().mapToDouble(Run::ingestPerSecond).toArray()),
        InventoryBenchmark.median(results.stream().mapToDouble(Run::roomNsPerCall).toArray()),
        InventoryBenchmark.median(results.stream().mapToDouble(Run::upNsPerCall).toArray()),
        InventoryBenchmark.median(results.stream().mapToDouble(Run::upDelivered).toArray()) * 100,
        InventoryBenchmark.median(results.stream().mapToDouble(Run::downNsPerCall).toArray()));
  }

  private static Run runOnce(int events) throws Exception {
    Path dir = Files.createTempDirectory("mercury-bench-log");
    try (EmbeddedStore store = EmbeddedStore.start(dir.resolve("mercury.mv.db"), "127.0.0.1", 0);
        MongoClient mongo = MongoClients.create(store.connectionString());
        ZContext context = new ZContext();
        LogService service =
            LogService.start(
                context,
                new LogService.Settings(
                    ServerSettings.of(LogService.NAME, "tcp://127.0.0.1:0"),
                    "tcp://127.0.0.1:0",
                    1000,
                    Duration.ofDays(14),
                    5_000_000,
                    Duration.ofHours(1)),
                mongo.getDatabase("mercury").getCollection("logs"),
                InstantSource.system(),
                AuditTrail.in(mongo.getDatabase("mercury_security"), LogService.NAME, InstantSource.system()),
                Duration.ofDays(365))) {
      double ingest = ingest(context, service.endpoint(), events);
      double room = withRoom(service.endpoint());
      double[] up = appender(service.endpoint());
      double[] down = appender("tcp://127.0.0.1:1");
      return new Run(ingest, room, up[0], up[1], down[0]);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static double ingest(ZContext context, String endpoint, int events) throws Exception {
    try (ServiceClient client =
        new ServiceClient(context, endpoint, ClientSettings.defaults("log").withTimeout(Duration.ofSeconds(60)))) {
      ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
      long start = System.nanoTime();
      List<Future<Object>> sent = new ArrayList<>();
      for (int b = 0; b < events / BATCH; b++) {
        List<Object> batch = batch(b);
        sent.add(pool.submit(() -> client.invoke(Request.of("log_batch", batch), false)));
      }
      for (Future<Object> f : sent) {
        f.get();
      }
      pool.shutdown();
      return (events / BATCH) * BATCH / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static List<Object> batch(int b) {
    List<Object> batch = new ArrayList<>(BATCH);
    double now = System.currentTimeMillis() / 1000.0;
    for (int i = 0; i < BATCH; i++) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("time", now);
      e.put("level", "INFO");
      e.put("logger", "io.mercury.rpc.backend.TaskDispatcher");
      e.put("thread", "mercury-backend-dispatch");
      e.put("message", "task t-" + b + "-" + i + " dispatched to tcp://10.0.0." + (i % 250) + ":9003 (attempt 1)");
      e.put("service", "mercury-backend");
      e.put("version", "0.1.0");
      e.put("host", "backend-1");
      e.put("job_id", "job-" + b);
      e.put("task_id", "t-" + b + "-" + i);
      e.put("mercury_id", "01" + Integer.toHexString(b * BATCH + i));
      batch.add(e);
    }
    return batch;
  }

  /**
   * Nanoseconds per log call while the buffer has room: 40 bursts of 2,000 calls (a fifth of the
   * buffer), each timed alone, the sender emptying the buffer between them.
   */
  private static double withRoom(String url) throws InterruptedException {
    LoggerContext logback = new LoggerContext();
    logback.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    RemoteLogAppender remote = remote(logback, url);
    Logger log = logback.getLogger("bench");
    long nanos = 0;
    int calls = 0;
    for (int burst = 0; burst < 50; burst++) {
      long start = System.nanoTime();
      for (int i = 0; i < 2000; i++) {
        log.info("task {} finished in {} ms", i, 12);
      }
      if (burst >= 10) {
        nanos += System.nanoTime() - start;
        calls += 2000;
      }
      while (remote.stats().buffered() > 0) {
        Thread.sleep(5);
      }
    }
    remote.stop();
    return nanos / (double) calls;
  }

  private static RemoteLogAppender remote(LoggerContext logback, String url) {
    RemoteLogAppender remote =
        new RemoteLogAppender(url, Map.of("service", "bench", "version", "0", "host", "h"), RemoteLogAppender.Settings.defaults());
    remote.setContext(logback);
    remote.start();
    Logger log = logback.getLogger("bench");
    log.setAdditive(false);
    log.addAppender(remote);
    return remote;
  }

  /** Nanoseconds per log call through the appender alone, and the share of events the service took. */
  private static double[] appender(String url) {
    LoggerContext logback = new LoggerContext();
    logback.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    RemoteLogAppender remote = remote(logback, url);
    Logger log = logback.getLogger("bench");
    for (int i = 0; i < 100_000; i++) {
      log.info("warm-up {}", i);
    }
    long start = System.nanoTime();
    try (LogScope s = LogScope.of(LogKeys.JOB_ID, "job-1", LogKeys.TASK_ID, "task-1")) {
      for (int i = 0; i < CALLS; i++) {
        log.info("task {} finished in {} ms", i, 12);
      }
    }
    double ns = (System.nanoTime() - start) / (double) CALLS;
    remote.stop();
    RemoteLogAppender.Stats stats = remote.stats();
    double total = 100_000 + CALLS;
    return new double[] {ns, stats.sent() / total};
  }
}
