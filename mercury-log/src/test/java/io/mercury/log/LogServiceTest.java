package io.mercury.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.Request;
import io.mercury.common.security.TransportSecurity;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.time.ManualTimeSource;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServerSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.Subscriber;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

class LogServiceTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
  private final InstantSource clock = () -> now.get();
  private MongoServer mongo;
  private MongoClient mongoClient;
  private MongoCollection<Document> logs;
  private ZContext zmq;
  private LogService service;
  private ServiceClient client;

  @BeforeEach
  void start() {
    mongo = new MongoServer(new MemoryBackend());
    mongoClient = MongoClients.create(mongo.bindAndGetConnectionString());
    logs = mongoClient.getDatabase("mercury").getCollection("logs");
    zmq = new ZContext();
    service = start(50);
    client = new ServiceClient(zmq, service.endpoint(), ClientSettings.defaults("log").withTimeout(Duration.ofSeconds(10)));
  }

  private LogService start(long maxDocuments) {
    return LogService.start(
        zmq, settings(maxDocuments), logs, clock, AuditTrail.in(mongoClient.getDatabase("mercury_security"), LogService.NAME, clock), Duration.ofDays(365));
  }

  /** Events kept 14 days (and at most {@code maxDocuments}), swept every hour. */
  private static LogService.Settings settings(long maxDocuments) {
    return new LogService.Settings(
        ServerSettings.of(LogService.NAME, "tcp://127.0.0.1:0").withMaxMessageBytes(1 << 20),
        "tcp://127.0.0.1:0",
        100,
        Duration.ofDays(14),
        maxDocuments,
        Duration.ofHours(1));
  }

  @AfterEach
  void stop() {
    client.close();
    service.close();
    zmq.close();
    mongoClient.close();
    mongo.shutdownNow();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  private Map<String, Object> send(Object message) throws Exception {
    return map(client.exchange(message, false));
  }

  private static Map<String, Object> pythonRecord(String msg, String threadName) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("name", "mercury_agent.capabilities.run");
    r.put("msg", msg);
    r.put("args", List.of());
    r.put("levelname", "WARNING");
    r.put("levelno", 30L);
    r.put("pathname", "/usr/lib/python3/site-packages/mercury_agent/capabilities/run.py");
    r.put("filename", "run.py");
    r.put("lineno", 42L);
    r.put("created", 1764583200.25);
    r.put("thread", 1401L);
    r.put("threadName", threadName);
    r.put("process", 7L);
    r.put("message", msg);
    r.put("mercury_id", "01aaa");
    r.put("extra.key", Map.of("$bad", 1L));
    return r;
  }

  private static Map<String, Object> event(String service, String level, String message, Map<String, Object> more) {
    Map<String, Object> e = new HashMap<>(more);
    e.put("time", NOW.getEpochSecond() + 0.0);
    e.put("level", level);
    e.put("message", message);
    e.put("service", service);
    e.put("host", "h1");
    return e;
  }

  private List<Map<String, Object>> query(Map<String, Object> filter, long limit, String order) throws Exception {
    Map<String, Object> reply = map(client.invoke(new Request("query_logs", List.of(filter, limit, order), Map.of()), true));
    List<Map<String, Object>> events = new ArrayList<>();
    ((List<?>) reply.get("events")).forEach(e -> events.add(map(e)));
    assertThat(reply.get("count")).isEqualTo((long) events.size());
    return events;
  }

  private List<Map<String, Object>> query(Map<String, Object> filter) throws Exception {
    return query(filter, 100, "desc");
  }

  private Map<String, Object> batch(List<?> events) throws Exception {
    return map(client.invoke(Request.of("log_batch", events), false));
  }

  @Test
  void anOriginalRecordIsStoredWholeWithTheJobAndTaskOfItsThreadName() throws Exception {
    Map<String, Object> reply = send(pythonRecord("ran ls", "_job42_task7"));
    assertThat(reply).containsEntry("error", false).containsEntry("message", "ok");
    Document stored = logs.find().first();
    assertThat(stored)
        .containsEntry("job_id", "job42")
        .containsEntry("task_id", "task7")
        .containsEntry("mercury_id", "01aaa")
        .containsEntry("levelname", "WARNING")
        .containsEntry("level", "WARN")
        .containsEntry("lineno", 42L)
        .containsEntry("logger", "mercury_agent.capabilities.run")
        .containsEntry("service", "mercury-agent")
        .containsEntry("origin", "original")
        .doesNotContainKeys("identity", "claimed") // CURVE off: nothing is verified, claims are kept
        .containsEntry("time_created", java.util.Date.from(NOW))
        .containsEntry("time", java.util.Date.from(java.time.Instant.ofEpochMilli(1764583200250L)))
        .containsKey("extra_key");
    assertThat(map(stored.get("extra_key"))).containsOnlyKeys("_bad");
    // a thread not named by the task runner sets no ids
    send(pythonRecord("idle", "MainThread"));
    assertThat(query(Map.of("text", "idle")).get(0)).doesNotContainKeys("job_id", "task_id");
  }

  @Test
  void anOriginalRecordWithoutTheRequiredKeysGetsTheOriginalErrorAndNothingIsStored() throws Exception {
    Map<String, Object> r = pythonRecord("x", "_j_t");
    r.remove("levelno");
    r.remove("pathname");
    Map<String, Object> reply = send(r);
    assertThat(reply).containsEntry("error", true).containsEntry("message", "Invalid message: missing levelno, pathname");
    Map<String, Object> wrong = pythonRecord("x", "_j_t");
    wrong.put("levelno", "high");
    assertThat(send(wrong)).containsEntry("message", "Invalid message: levelno must be a number");
    assertThat(logs.countDocuments()).isZero();
  }

  @Test
  void malformedMessagesGetAnErrorAndTheServiceKeepsWorking() throws Exception {
    try (org.zeromq.ZMQ.Socket req = zmq.createSocket(org.zeromq.SocketType.REQ)) {
      req.setReceiveTimeOut(10_000);
      req.connect(service.endpoint());
      req.send(new byte[] {(byte) 0xc1, 0x01});
      Map<String, Object> reply = map(MsgPack.decode(req.recv()));
      assertThat(reply).containsEntry("error", true);
      assertThat((String) reply.get("message")).startsWith("Invalid message: not msgpack");
    }
    assertThat(logs.countDocuments()).isZero();
    assertThat(batch(List.of(event("s", "INFO", "after garbage", Map.of())))).containsEntry("stored", 1L);
  }

  @Test
  void aStructuredBatchIsStoredAndItsInvalidEventsAreReportedByIndex() throws Exception {
    Map<String, Object> reply =
        batch(
            List.of(
                event("mercury-rpc", "INFO", "job created", Map.of("job_id", "j1", "version", "0.1")),
                Map.of("level", "INFO", "message", "no time"),
                event("mercury-rpc", "LOUD", "bad level", Map.of()),
                "not a map",
                event("mercury-rpc", "INFO", "bad id", Map.of("job_id", 5L)),
                event("mercury-backend", "ERROR", "dispatch failed", Map.of("job_id", "j1", "exception", "trace"))));
    assertThat(reply).containsEntry("stored", 2L);
    assertThat((List<?>) reply.get("rejected"))
        .extracting(r -> map(r).get("index") + ": " + map(r).get("reason"))
        .containsExactly(
            "1: time must be epoch seconds (a number)",
            "2: level must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL",
            "3: event is not a map",
            "4: job_id must be a string");
    List<Map<String, Object>> stored = query(Map.of("job_id", "j1"), 10, "asc");
    assertThat(stored).extracting(e -> e.get("message")).containsExactly("job created", "dispatch failed");
    assertThat(stored.get(0))
        .containsEntry("service", "mercury-rpc")
        .containsEntry("version", "0.1")
        .containsEntry("levelno", 20L)
        .containsEntry("origin", "mercury")
        .containsEntry("time", (double) NOW.getEpochSecond())
        .doesNotContainKeys("_id", "identity", "claimed");
    assertThat((Long) stored.get(1).get("seq")).isGreaterThan((Long) stored.get(0).get("seq"));
  }

  @Test
  void badInputIsRefusedWithTheReasonAndChangesNothing() throws Exception {
    List<Object> tooMany = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      tooMany.add(event("s", "INFO", "m" + i, Map.of()));
    }
    assertThatThrownBy(() -> batch(tooMany))
        .isInstanceOf(RemoteException.class)
        .hasMessage("batch of 101 events exceeds log_service.max_batch (100); nothing was stored");
    assertThatThrownBy(() -> client.invoke(Request.of("log_batch", "x"), false)).isInstanceOf(RemoteException.class);
    assertThat(send(List.of(1, 2))).containsEntry("error", true).containsEntry("message", "Invalid message: not a map");
    assertThat(send(Map.of("endpoint", "drop_logs"))).containsEntry("error", true);
    assertThat(map(client.exchange(Map.of("keep_alive", 1), true))).isNotEmpty();
    assertThatThrownBy(() -> query(Map.of("colour", "red")))
        .isInstanceOf(RemoteException.class)
        .hasMessageStartingWith("unknown filter 'colour'");
    assertThatThrownBy(() -> query(Map.of(), 0, "desc")).hasMessage("limit must be between 1 and 10000, was 0");
    assertThatThrownBy(() -> query(Map.of(), 5, "sideways")).hasMessage("order must be asc or desc, was 'sideways'");
    assertThatThrownBy(() -> query(Map.of("level", "LOUD"))).hasMessageStartingWith("level must be one of");
    assertThatThrownBy(() -> query(Map.of("since", "yesterday"))).hasMessage("filter since must be a number");
    assertThat(logs.countDocuments()).isZero();
    // and the service still stores
    assertThat(batch(List.of(event("s", "INFO", "still here", Map.of())))).containsEntry("stored", 1L);
  }

  @Test
  void everyFilterSelectsAndResultsAreNewestFirstAndLimited() throws Exception {
    double t0 = NOW.getEpochSecond();
    List<Object> events = new ArrayList<>();
    events.add(timed(t0 - 600, "mercury-rpc", "INFO", "job created", Map.of("job_id", "j1")));
    events.add(timed(t0 - 300, "mercury-backend", "DEBUG", "dispatching", Map.of("job_id", "j1", "task_id", "t1", "mercury_id", "d1")));
    events.add(timed(t0 - 200, "mercury-agent", "WARN", "Disk SLOW on sda", Map.of("job_id", "j1", "task_id", "t1", "mercury_id", "d1")));
    events.add(timed(t0 - 100, "mercury-agent", "ERROR", "task failed", Map.of("job_id", "j2", "task_id", "t2", "mercury_id", "d2")));
    events.add(timed(t0, "mercury-inventory", "INFO", "device updated", Map.of("mercury_id", "d2")));
    batch(events);
    assertThat(messages(Map.of())).containsExactly("device updated", "task failed", "Disk SLOW on sda", "dispatching", "job created");
    assertThat(messages(Map.of("mercury_id", "d1"))).containsExactly("Disk SLOW on sda", "dispatching");
    assertThat(messages(Map.of("job_id", "j1"))).containsExactly("Disk SLOW on sda", "dispatching", "job created");
    assertThat(messages(Map.of("task_id", "t2"))).containsExactly("task failed");
    assertThat(messages(Map.of("service", "mercury-agent"))).containsExactly("task failed", "Disk SLOW on sda");
    assertThat(messages(Map.of("level", "warn"))).containsExactly("task failed", "Disk SLOW on sda");
    assertThat(messages(Map.of("since", t0 - 300, "until", t0 - 100))).containsExactly("Disk SLOW on sda", "dispatching");
    assertThat(messages(Map.of("text", "disk slow"))).containsExactly("Disk SLOW on sda");
    assertThat(messages(Map.of("text", ".*"))).isEmpty();
    assertThat(messages(Map.of("job_id", "j1", "level", "INFO", "service", "mercury-agent"))).containsExactly("Disk SLOW on sda");
    assertThat(query(Map.of(), 2, "desc")).extracting(e -> e.get("message")).containsExactly("device updated", "task failed");
    assertThat(query(Map.of(), 2, "asc")).extracting(e -> e.get("message")).containsExactly("job created", "dispatching");
    long third = (Long) query(Map.of(), 3, "asc").get(2).get("seq");
    assertThat(messages(Map.of("after_seq", third))).containsExactly("device updated", "task failed");
  }

  private static Map<String, Object> timed(double time, String service, String level, String message, Map<String, Object> more) {
    Map<String, Object> e = event(service, level, message, more);
    e.put("time", time);
    return e;
  }

  private List<Object> messages(Map<String, Object> filter) throws Exception {
    return query(filter).stream().map(e -> e.get("message")).toList();
  }

  @Test
  void followersReceiveEveryNewEventWithIncreasingSequenceNumbers() throws Exception {
    String follow = (String) client.invoke(Request.of("follow_address"), true);
    assertThat(follow).isEqualTo(service.followEndpoint());
    try (Subscriber sub = new Subscriber(zmq, follow)) {
      // a subscription takes effect asynchronously: send until the first event arrives
      AtomicReference<Map<String, Object>> first = new AtomicReference<>();
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        batch(List.of(event("mercury-rpc", "INFO", "warm-up", Map.of())));
        byte[] got = sub.receive(Duration.ofMillis(200));
        if (got != null) {
          first.set(map(MsgPack.decode(got)));
        }
        return got != null;
      });
      batch(List.of(event("mercury-agent", "INFO", "live one", Map.of("job_id", "j9")), event("mercury-agent", "INFO", "live two", Map.of())));
      send(pythonRecord("live original", "_j9_t9"));
      List<Map<String, Object>> seen = new ArrayList<>();
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        byte[] got = sub.receive(Duration.ofMillis(200));
        if (got != null) {
          seen.add(map(MsgPack.decode(got)));
        }
        return seen.stream().anyMatch(e -> "live original".equals(e.get("message")));
      });
      List<Map<String, Object>> live = seen.stream().filter(e -> String.valueOf(e.get("message")).startsWith("live")).toList();
      assertThat(live).extracting(e -> e.get("message")).containsExactly("live one", "live two", "live original");
      assertThat(live.get(0)).containsEntry("job_id", "j9").containsEntry("service", "mercury-agent").doesNotContainKey("_id");
      assertThat(live.get(2)).containsEntry("job_id", "j9").containsEntry("task_id", "t9");
      assertThat(live).extracting(e -> (Long) e.get("seq")).isSorted();
    }
  }

  @Test
  void theSweeperDeletesEventsPastTheRetention() throws Exception {
    double t0 = NOW.getEpochSecond();
    batch(List.of(timed(t0 - 15 * 86_400, "s", "INFO", "old", Map.of()), timed(t0 - 13 * 86_400, "s", "INFO", "recent", Map.of())));
    assertThat(service.store().sweep()).isEqualTo(1);
    assertThat(messages(Map.of())).containsExactly("recent");
    now.set(NOW.plus(Duration.ofDays(2)));
    assertThat(service.store().sweep()).isEqualTo(1);
    assertThat(messages(Map.of())).isEmpty();
  }

  @Test
  void theSweepsRunEveryIntervalOnTheServicesTimer() throws Exception {
    ManualTimeSource time = new ManualTimeSource(NOW);
    client.close();
    service.close();
    service =
        LogService.start(
            zmq, settings(50), logs, time, AuditTrail.in(mongoClient.getDatabase("mercury_security"), LogService.NAME, time), Duration.ofDays(365), TransportSecurity.off());
    client = new ServiceClient(zmq, service.endpoint(), ClientSettings.defaults("log").withTimeout(Duration.ofSeconds(10)));
    double t0 = NOW.getEpochSecond();
    batch(List.of(timed(t0 - 13.5 * 86_400 + 1800, "s", "INFO", "old", Map.of()), timed(t0, "s", "INFO", "new", Map.of())));

    time.advance(Duration.ofMinutes(12 * 60 + 45)); // "old" passed the retention at 12:30, after the 12:00 sweep
    assertThat(messages(Map.of())).containsExactly("new", "old");
    time.advance(Duration.ofMinutes(15));

    assertThat(messages(Map.of())).containsExactly("new");
  }

  @Test
  void theSizeCapKeepsTheNewestEvents() throws Exception {
    // cap 50: checked after every event (1% of 50 rounds to 1)
    for (int round = 0; round < 3; round++) {
      List<Object> events = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        events.add(event("s", "INFO", "e" + (round * 30 + i), Map.of()));
      }
      batch(events);
      assertThat(logs.countDocuments()).isLessThanOrEqualTo(50);
    }
    assertThat(logs.countDocuments()).isEqualTo(50);
    List<Map<String, Object>> kept = query(Map.of(), 100, "asc");
    assertThat(kept.get(0)).containsEntry("message", "e40");
    assertThat(kept.get(49)).containsEntry("message", "e89");
  }

  @Test
  void sequenceNumbersContinueAfterARestart() throws Exception {
    batch(List.of(event("s", "INFO", "before", Map.of())));
    client.close();
    service.close();
    service = start(50);
    client = new ServiceClient(zmq, service.endpoint(), ClientSettings.defaults("log").withTimeout(Duration.ofSeconds(10)));
    batch(List.of(event("s", "INFO", "after", Map.of())));
    assertThat(query(Map.of(), 10, "asc")).extracting(e -> e.get("seq")).containsExactly(1L, 2L);
  }
}
