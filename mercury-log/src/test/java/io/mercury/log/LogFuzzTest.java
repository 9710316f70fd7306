package io.mercury.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mercury.common.fuzz.FuzzResult;
import io.mercury.common.fuzz.FuzzSockets;
import io.mercury.common.fuzz.HostileMessages;
import io.mercury.common.fuzz.ZmqFuzzer;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.transport.ServerSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Seeded hostile input against both log service sockets: the ROUTER gets mutated {@code log_batch},
 * {@code query_logs} and original records, random frames and raw TCP garbage; the follow PUB gets
 * subscribers that never read and XSUB peers sending random subscription frames. Every request is
 * answered, and afterwards a batch is stored and reaches a live follower. Replay with {@code
 * -Dmercury.fuzz.seed=N -Dmercury.fuzz.messages=M}.
 */
class LogFuzzTest {
  private static final long SEED = Long.getLong("mercury.fuzz.seed", 20261201L);
  private static final int MESSAGES = Integer.getInteger("mercury.fuzz.messages", 300);

  @Test
  void bothSocketsSurviveHostileInputAndStillWork() {
    MongoServer mongo = new MongoServer(new MemoryBackend());
    try (MongoClient mongoClient = MongoClients.create(mongo.bindAndGetConnectionString());
        ZContext zmq = new ZContext();
        LogService service =
            LogService.start(
                zmq,
                new LogService.Settings(
                    ServerSettings.of(LogService.NAME, "tcp://127.0.0.1:0").withMaxMessageBytes(1 << 20),
                    "tcp://127.0.0.1:0", 100, Duration.ofDays(14), 10_000, Duration.ofHours(1)),
                mongoClient.getDatabase("mercury").getCollection("logs"),
                InstantSource.system(),
                AuditTrail.in(mongoClient.getDatabase("mercury_security"), LogService.NAME, InstantSource.system()),
                Duration.ofDays(365))) {
      Random random = new Random(SEED);
      FuzzSockets sockets = new FuzzSockets(zmq, 10_000);
      ZmqFuzzer fuzzer = new ZmqFuzzer(sockets, random);
      List<ZMQ.Socket> slow = fuzzer.subscribers(service.followEndpoint(), 20, 20);
      try {
        List<FuzzResult> results = new ArrayList<>();
        results.add(fuzzer.router("log", service.endpoint(), new HostileMessages(random, LogFuzzTest::request, 64 * 1024), MESSAGES));
        results.add(fuzzer.rawTcp("log", service.endpoint(), 20));
        results.add(fuzzer.rawTcp("log follow", service.followEndpoint(), 20));
        results.forEach(r -> assertThat(r.unanswered()).as(r + " (seed " + SEED + ")").isZero());

        try (ZMQ.Socket follower = sockets.connect(SocketType.SUB, service.followEndpoint())) {
          follower.subscribe(new byte[0]);
          await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<String, Object> reply = fuzzer.call(service.endpoint(), Map.of("endpoint", "log_batch", "args", List.of(List.of(event(random, "after the fuzz")))));
            assertThat(reply).as("log_batch after the fuzz").containsEntry("error", false);
            return follower.recv(ZMQ.DONTWAIT) != null;
          });
        }
        Map<String, Object> query = fuzzer.call(service.endpoint(), Map.of("endpoint", "query_logs", "kwargs", Map.of("filter", Map.of("text", "after the fuzz"))));
        assertThat(query).containsEntry("error", false);
        assertThat(String.valueOf(query.get("message"))).contains("after the fuzz");
      } finally {
        slow.forEach(ZMQ.Socket::close);
      }
    } finally {
      mongo.shutdownNow();
    }
  }

  private static Map<String, Object> request(Random random) {
    HostileMessages values = new HostileMessages(random, r -> Map.of(), 0);
    return switch (random.nextInt(3)) {
      case 0 -> {
        List<Object> events = new ArrayList<>();
        for (int i = random.nextInt(5); i >= 0; i--) {
          Map<String, Object> e = event(random, values.randomString());
          e.put(values.randomString(), values.randomValue(2));
          events.add(e);
        }
        yield Map.of("endpoint", "log_batch", "args", List.of(events));
      }
      case 1 -> Map.of("endpoint", "query_logs", "kwargs", Map.of("filter", values.randomMap(2), "limit", random.nextLong() >> random.nextInt(64), "order", values.randomString()));
      default -> {
        Map<String, Object> record = new LinkedHashMap<>(values.randomMap(1));
        record.put("levelno", (long) random.nextInt(60));
        record.put("pathname", values.randomString());
        record.put("msg", values.randomString());
        yield record;
      }
    };
  }

  private static Map<String, Object> event(Random random, String message) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("time", Instant.now().getEpochSecond() + random.nextDouble());
    e.put("level", List.of("INFO", "ERROR", "DEBUG", "NOPE").get(random.nextInt(4)));
    e.put("message", message);
    e.put("service", "fuzz");
    e.put("host", "h1");
    return e;
  }
}
