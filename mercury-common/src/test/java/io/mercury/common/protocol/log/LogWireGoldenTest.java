package io.mercury.common.protocol.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.Request;
import io.mercury.common.protocol.UnexpectedReplyException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The log service's records encode to exactly the bytes of the maps Mercury built by hand before them:
 * events as the {@code RemoteLogAppender} built them, queries as mcli built them, replies as the log
 * service built them. Each case also pins the bytes in hex. Reading goes the other way, and every
 * malformed input is named.
 */
class LogWireGoldenTest {
  private static final String ID = "0112426690d3bf5dfa0a1ea1ecf8a2acb2ed1eb6ec";
  private static final Instant T = Instant.ofEpochMilli(1_796_617_882_123L);

  private static final LogEvent FULL =
      new LogEvent(T, LogLevel.ERROR, "echo failed", "mercury-agent", "1.2.0", "node1", "io.mercury.agent.Task", "task-1",
          ID, "job-1", "t1", "java.io.IOException: boom");
  private static final LogEvent MINIMAL =
      new LogEvent(T, LogLevel.INFO, "started", "mercury-log", "1.2.0", "ctl", "io.mercury.log.LogService", "main",
          null, null, null, null);

  /** The map the RemoteLogAppender built for FULL: time, level, logger, thread, message, fields, ids, exception. */
  private static Map<String, Object> fullWire() {
    return map("time", 1_796_617_882.123, "level", "ERROR", "logger", "io.mercury.agent.Task", "thread", "task-1",
        "message", "echo failed", "service", "mercury-agent", "version", "1.2.0", "host", "node1",
        "mercury_id", ID, "job_id", "job-1", "task_id", "t1", "exception", "java.io.IOException: boom");
  }

  private static Map<String, Object> minimalWire() {
    return map("time", 1_796_617_882.123, "level", "INFO", "logger", "io.mercury.log.LogService", "thread", "main",
        "message", "started", "service", "mercury-log", "version", "1.2.0", "host", "ctl");
  }

  static Stream<Arguments> requests() {
    EventFilter cli =
        new EventFilter(ID, "job-1", "t1", "mercury-agent", null, LogLevel.WARN, Instant.ofEpochMilli(1_796_617_882_500L),
            null, "boom", null);
    return Stream.of(
        // RemoteLogAppender: Request.of("log_batch", request)
        Arguments.of(
            "log_batch",
            new LogRequest.LogBatch(List.of(FULL, MINIMAL)),
            Request.of("log_batch", List.of(fullWire(), minimalWire())),
            "83a8656e64706f696e74a96c6f675f6261746368a46172677391928ca474696d65cb41dac58da687df3ba56c6576656ca54552524f52a66c6f67676572b5696f2e6d6572637572792e6167656e742e5461736ba6746872656164a67461736b2d31a76d657373616765ab6563686f206661696c6564a773657276696365ad6d6572637572792d6167656e74a776657273696f6ea5312e322e30a4686f7374a56e6f646531aa6d6572637572795f6964da002a303131323432363639306433626635646661306131656131656366386132616362326564316562366563a66a6f625f6964a56a6f622d31a77461736b5f6964a27431a9657863657074696f6eb96a6176612e696f2e494f457863657074696f6e3a20626f6f6d88a474696d65cb41dac58da687df3ba56c6576656ca4494e464fa66c6f67676572b9696f2e6d6572637572792e6c6f672e4c6f6753657276696365a6746872656164a46d61696ea76d657373616765a773746172746564a773657276696365ab6d6572637572792d6c6f67a776657273696f6ea5312e322e30a4686f7374a363746ca66b776172677380"),
        // mcli LogCommand: new Request("query_logs", List.of(filter.toWire(), (long) limit, "desc"), Map.of())
        Arguments.of(
            "query_logs",
            new LogRequest.QueryLogs(cli, 100, EventOrder.NEWEST_FIRST),
            new Request(
                "query_logs",
                List.of(
                    map("job_id", "job-1", "task_id", "t1", "mercury_id", ID, "service", "mercury-agent", "level", "WARN",
                        "text", "boom", "since", 1_796_617_882.5),
                    100L,
                    "desc"),
                Map.of()),
            "83a8656e64706f696e74aa71756572795f6c6f6773a4617267739387a66a6f625f6964a56a6f622d31a77461736b5f6964a27431aa6d6572637572795f6964da002a303131323432363639306433626635646661306131656131656366386132616362326564316562366563a773657276696365ad6d6572637572792d6167656e74a56c6576656ca45741524ea474657874a4626f6f6da573696e6365cb41dac58da6a0000064a464657363a66b776172677380"),
        // mcli rpc job --trace: logs.query(Map.of("job_id", jobId), 10_000, true)
        Arguments.of(
            "query_logs of a job",
            new LogRequest.QueryLogs(EventFilter.ofJob("job-1"), 10_000, EventOrder.OLDEST_FIRST),
            new Request("query_logs", List.of(Map.of("job_id", "job-1"), 10_000L, "asc"), Map.of()),
            "83a8656e64706f696e74aa71756572795f6c6f6773a46172677393"
                + "81a66a6f625f6964a56a6f622d31cd2710a3617363a66b776172677380"),
        // mcli LogClient.follow: Request.of("follow_address")
        Arguments.of(
            "follow_address",
            new LogRequest.FollowAddress(),
            Request.of("follow_address"),
            "83a8656e64706f696e74ae666f6c6c6f775f61646472657373a46172677390a66b776172677380"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void requestsEncodeAsTheHandBuiltMaps(String name, LogRequest record, Request handBuilt, String hex) {
    byte[] bytes = MsgPack.encode(LogWire.request(record).toWire());
    assertThat(bytes).isEqualTo(MsgPack.encode(handBuilt.toWire()));
    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(hex);
  }

  static Stream<Arguments> replies() {
    Map<String, Object> stored = storedDocument();
    return Stream.of(
        // LogIngest.batch: {stored, rejected: [Map.of("index", i, "reason", r)]}
        Arguments.of(
            "log_batch",
            LogWire.toWire(new LogBatchReply(2, List.of(new LogBatchReply.Rejection(1, "message must be a string")))),
            map("stored", 2L, "rejected", List.of(map("index", 1L, "reason", "message must be a string"))),
            "82a673746f72656402a872656a65637465649182a5696e64657801a6726561736f6eb86d657373616765206d757374206265206120737472696e67"),
        Arguments.of(
            "log_batch all stored",
            LogWire.toWire(new LogBatchReply(3, List.of())),
            map("stored", 3L, "rejected", List.of()),
            "82a673746f72656403a872656a656374656490"),
        // LogEndpoints: {events: store.find(query), count}
        Arguments.of(
            "query_logs",
            LogWire.toWire(QueryLogsReply.of(List.of(LogWire.storedEvent(stored)))),
            map("events", List.of(stored), "count", 1L),
            "82a66576656e74739184a3736571cd0929a474696d65cb41dac58da687df3ba56c6576656ca4494e464fa76d657373616765a26869a5636f756e7401"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("replies")
  void repliesEncodeAsTheHandBuiltMaps(String name, Map<String, Object> record, Map<String, Object> handBuilt, String hex) {
    byte[] bytes = MsgPack.encode(record);
    assertThat(bytes).isEqualTo(MsgPack.encode(handBuilt));
    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(hex);
  }

  @Test
  void eventsReadBackAsTheRecordsTheyWereMadeFrom() throws Exception {
    assertThat(LogWire.event(fullWire())).isEqualTo(FULL);
    assertThat(LogWire.event(minimalWire())).isEqualTo(MINIMAL);
    assertThat(LogWire.toWire(LogWire.event(fullWire()))).containsExactlyEntriesOf(fullWire());
  }

  @Test
  void anEventReadsLevelsInAnyCaseAndIgnoresUnknownKeys() throws Exception {
    Map<String, Object> wire = map("time", 1L, "level", "warning", "message", "m", "newer_field", List.of(1));
    LogEvent event = LogWire.event(wire);
    assertThat(event.level()).isEqualTo(LogLevel.WARN);
    assertThat(event.time()).isEqualTo(Instant.ofEpochSecond(1));
    assertThat(event.service()).isNull();
  }

  static Stream<Arguments> malformedEvents() {
    return Stream.of(
        Arguments.of("not a map", List.of(), "event is not a map"),
        Arguments.of("no time", map("level", "INFO", "message", "m"), "time must be epoch seconds (a number)"),
        Arguments.of("time as text", map("time", "now", "level", "INFO", "message", "m"), "time must be epoch seconds (a number)"),
        Arguments.of("bad level", map("time", 1, "level", "LOUD", "message", "m"), "level must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL"),
        Arguments.of("no message", map("time", 1, "level", "INFO"), "message must be a string"),
        Arguments.of("numeric host", map("time", 1, "level", "INFO", "message", "m", "host", 7), "host must be a string"),
        Arguments.of("first bad field named", map("time", 1, "level", "INFO", "message", "m", "thread", 1, "service", 2), "service must be a string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedEvents")
  void aMalformedEventIsNamed(String name, Object wire, String reason) {
    assertThatThrownBy(() -> LogWire.event(wire)).isInstanceOf(InvalidLogMessageException.class).hasMessage(reason);
  }

  @Test
  void queryArgumentsReadIntoTheFilter() throws Exception {
    Map<String, Object> filter =
        map("mercury_id", ID, "job_id", "job-1", "task_id", "t1", "service", "mercury-agent", "identity", "mismatch",
            "level", "error", "since", 1_796_617_882.5, "until", 1_796_617_900L, "text", "boom", "after_seq", 41L);
    assertThat(LogWire.queryLogs(filter, 50, "asc"))
        .isEqualTo(
            new LogRequest.QueryLogs(
                new EventFilter(ID, "job-1", "t1", "mercury-agent", "mismatch", LogLevel.ERROR,
                    Instant.ofEpochMilli(1_796_617_882_500L), Instant.ofEpochSecond(1_796_617_900L), "boom", 41L),
                50,
                EventOrder.OLDEST_FIRST));
    assertThat(LogWire.queryLogs(Map.of(), 100, "desc")).isEqualTo(new LogRequest.QueryLogs(EventFilter.ALL, 100, EventOrder.NEWEST_FIRST));
  }

  static Stream<Arguments> malformedQueries() {
    return Stream.of(
        Arguments.of(map("host", "x"), 100L, "desc",
            "unknown filter 'host' (known: after_seq, identity, job_id, level, mercury_id, service, since, task_id, text, until)"),
        Arguments.of(map(), 0L, "desc", "limit must be between 1 and 10000, was 0"),
        Arguments.of(map(), 10_001L, "desc", "limit must be between 1 and 10000, was 10001"),
        Arguments.of(map(), 10L, "up", "order must be asc or desc, was 'up'"),
        Arguments.of(map("level", "LOUD"), 10L, "asc", "level must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, was 'LOUD'"),
        Arguments.of(map("level", 3), 10L, "asc", "filter level must be a string"),
        Arguments.of(map("job_id", 3), 10L, "asc", "filter job_id must be a string"),
        Arguments.of(map("since", "yesterday"), 10L, "asc", "filter since must be a number"),
        Arguments.of(map("after_seq", "1"), 10L, "asc", "filter after_seq must be a number"));
  }

  @ParameterizedTest
  @MethodSource("malformedQueries")
  void aMalformedQueryIsNamed(Map<String, Object> filter, long limit, String order, String reason) {
    assertThatThrownBy(() -> LogWire.queryLogs(filter, limit, order)).isInstanceOf(InvalidLogMessageException.class).hasMessage(reason);
  }

  @Test
  void repliesReadBack() throws Exception {
    assertThat(LogWire.logBatchReply(map("stored", 2L, "rejected", List.of(map("index", 1L, "reason", "r")))))
        .isEqualTo(new LogBatchReply(2, List.of(new LogBatchReply.Rejection(1, "r"))));
    assertThat(LogWire.logBatchReply(map("stored", 0L))).isEqualTo(new LogBatchReply(0, List.of()));
    assertThat(LogWire.followAddress("tcp://*:9007")).isEqualTo("tcp://*:9007");
    QueryLogsReply reply = LogWire.queryLogsReply(map("events", List.of(storedDocument()), "count", 1L));
    assertThat(reply.count()).isEqualTo(1);
    assertThat(reply.events().get(0).document()).containsExactlyEntriesOf(storedDocument());
  }

  @Test
  void aStoredOriginalRecordKeepsEveryKeyAndReadsItsKnownFields() {
    Map<String, Object> original =
        map("seq", 7L, "time", 1_796_617_882.25, "level", "WARN", "levelno", 30L, "message", "disk slow", "service", "mercury-agent",
            "mercury_id", ID, "job_id", "j", "task_id", "t", "identity", "mismatch", "claimed", map("service", "x"),
            "origin", "original", "pathname", "/opt/agent.py", "lineno", 42L);
    StoredEvent e = LogWire.storedEvent(original);
    assertThat(e)
        .isEqualTo(new StoredEvent(7, 1_796_617_882.25, "WARN", 30, "disk slow", "mercury-agent", ID, "j", "t", null, "mismatch",
            map("service", "x"), original));
    assertThat(LogWire.storedEvent(map("time", java.util.Date.from(Instant.ofEpochMilli(1_796_617_882_250L)))).time()).isEqualTo(1_796_617_882.25);
    assertThat(LogWire.storedEvent(map()).seq()).isZero();
    assertThat(LogWire.storedEvent(map()).time()).isNull();
  }

  @Test
  void malformedRepliesAreNamed() {
    assertThatThrownBy(() -> LogWire.logBatchReply("ok"))
        .isInstanceOf(UnexpectedReplyException.class)
        .hasMessage("unexpected reply from log log_batch: String");
    assertThatThrownBy(() -> LogWire.logBatchReply(map("rejected", List.of())))
        .hasMessage("unexpected reply from log log_batch: LinkedHashMap");
    assertThatThrownBy(() -> LogWire.logBatchReply(map("stored", 1L, "rejected", List.of("x"))))
        .hasMessage("unexpected reply from log log_batch: String");
    assertThatThrownBy(() -> LogWire.queryLogsReply(map("count", 0L)))
        .hasMessage("unexpected reply from log query_logs: LinkedHashMap");
    assertThatThrownBy(() -> LogWire.queryLogsReply(map("events", List.of(1L))))
        .hasMessage("unexpected reply from log query_logs: Long");
    assertThatThrownBy(() -> LogWire.followAddress(null)).hasMessage("unexpected reply from log follow_address: null");
  }

  private static Map<String, Object> storedDocument() {
    return map("seq", 2345L, "time", 1_796_617_882.123, "level", "INFO", "message", "hi");
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
