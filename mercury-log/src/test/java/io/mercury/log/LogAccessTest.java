package io.mercury.log;

import static io.mercury.common.security.Callers.as;
import static io.mercury.common.security.Callers.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.dispatch.Access;
import io.mercury.common.dispatch.Dispatcher;
import io.mercury.common.dispatch.EndpointRegistry;
import io.mercury.common.protocol.Reply;
import io.mercury.common.security.Caller;
import io.mercury.common.security.Callers;
import io.mercury.common.security.Role;
import io.mercury.common.store.audit.AuditRecord.Outcome;
import io.mercury.common.store.audit.AuditRecord.Who;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.store.audit.MemoryAudit;
import io.mercury.common.transport.Publisher;
import io.mercury.log.store.LogStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/** Who may send and read logs and the audit trail through the log service. */
class LogAccessTest {
  private MemoryAudit mongo;
  private ZContext zmq;
  private Publisher followers;
  private LogStore store;
  private AuditTrail audit;
  private EndpointRegistry registry;
  private LogHandler handler;

  @BeforeEach
  void start() {
    mongo = new MemoryAudit();
    zmq = new ZContext();
    followers = new Publisher(zmq, LogService.NAME, "tcp://127.0.0.1:0", 1000);
    String follow = followers.start();
    store = new LogStore(mongo.collection("mercury", "logs"), InstantSource.system(), Duration.ofDays(1), 1000);
    LogIngest ingest = new LogIngest(store, followers, InstantSource.system(), 100);
    audit = mongo.trail(LogService.NAME);
    registry = LogEndpoints.registry(ingest, store, follow, audit);
    handler = new LogHandler(new Dispatcher(LogService.NAME, registry, audit), ingest);
  }

  @AfterEach
  void stop() {
    followers.close();
    zmq.close();
    mongo.close();
  }

  private static Map<String, Object> event() {
    return Map.of("time", 1.7e9, "level", "INFO", "message", "hello", "service", "mercury-agent", "host", "h1");
  }

  private static Map<String, Object> originalRecord() {
    Map<String, Object> r = new HashMap<>();
    r.put("name", "mercury_agent");
    r.put("msg", "hi");
    r.put("levelname", "INFO");
    r.put("levelno", 20L);
    r.put("pathname", "/x.py");
    r.put("created", 1.7e9);
    r.put("message", "hi");
    return r;
  }

  private Reply bare(Caller caller) throws Exception {
    return Reply.fromWire(MsgPack.decode(handler.handle(MsgPack.encode(originalRecord()), caller)));
  }

  @Test
  void everyEndpointDeclaresTheExpectedAccess() {
    assertThat(Callers.accessOf(registry))
        .isEqualTo(Map.of(
            "log_batch", LogEndpoints.SENDERS,
            "query_logs", Access.READ,
            "follow_address", Access.READ,
            "query_audit", Access.READ));
  }

  @Test
  void agentsAndDaemonsSendLogsOperatorsDoNot() throws Exception {
    assertThat(call(handler, as(Role.AGENT), "log_batch", List.of(List.of(event())), Map.of())).isInstanceOf(Reply.Ok.class);
    assertThat(call(handler, Callers.daemon("backend"), "log_batch", List.of(List.of(event())), Map.of())).isInstanceOf(Reply.Ok.class);
    assertThat(bare(as(Role.AGENT))).isInstanceOf(Reply.Ok.class);
    assertThat(((Reply.Failure) call(handler, as(Role.OPERATOR), "log_batch", List.of(List.of(event())), Map.of())).message())
        .isEqualTo("Permission denied: log_batch needs role agent; operator-user has operator");
    assertThat(((Reply.Failure) bare(as(Role.READ_ONLY))).message())
        .isEqualTo("Permission denied: log record needs role agent; read-only-user has read-only");
    Reply stored = call(handler, as(Role.READ_ONLY), "query_logs", List.of(), Map.of());
    assertThat(((Map<?, ?>) ((Reply.Ok) stored).message()).get("count")).isEqualTo(3L);
  }

  @Test
  void readOnlyCallersQueryTheAuditTrailAgentsDoNot() {
    audit.record(new Who("alice", "K", null, "operator"), "create_job", Map.of(), Outcome.OK, "");
    audit.record(new Who("bob", "K2", null, "read-only"), "delete", Map.of(), Outcome.DENIED, "Permission denied");
    Reply all = call(handler, as(Role.READ_ONLY), "query_audit", List.of(), Map.of());
    assertThat(((Map<?, ?>) ((Reply.Ok) all).message()).get("count")).isEqualTo(2L);
    Reply denied = call(handler, as(Role.READ_ONLY), "query_audit", List.of(Map.of("outcome", "denied", "who", "bob")), Map.of());
    List<?> records = (List<?>) ((Map<?, ?>) ((Reply.Ok) denied).message()).get("records");
    assertThat(records).singleElement().satisfies(r -> assertThat(((Map<?, ?>) r).get("action")).isEqualTo("delete"));
    assertThat(((Reply.Failure) call(handler, as(Role.AGENT), "query_audit", List.of(), Map.of())).message())
        .isEqualTo("Permission denied: query_audit needs role read-only; agent-user has agent");
  }

  @Test
  void badAuditQueriesAreRefusedClearly() {
    assertThat(((Reply.Failure) call(handler, as(Role.ADMIN), "query_audit", List.of(Map.of("user", "x")), Map.of())).message())
        .isEqualTo("unknown filter 'user' (known: action, outcome, service, since, until, who)");
    assertThat(((Reply.Failure) call(handler, as(Role.ADMIN), "query_audit", List.of(Map.of(), 5000L), Map.of())).message())
        .isEqualTo("limit must be between 1 and 1000, was 5000");
    assertThat(((Reply.Failure) call(handler, as(Role.ADMIN), "query_audit", List.of(Map.of("outcome", "maybe")), Map.of())).message())
        .isEqualTo("unknown outcome 'maybe' (expected ok, denied or error)");
    assertThat(((Reply.Failure) call(handler, as(Role.ADMIN), "query_audit", List.of(Map.of("since", "yesterday")), Map.of())).message())
        .isEqualTo("filter since must be a number");
  }
}
