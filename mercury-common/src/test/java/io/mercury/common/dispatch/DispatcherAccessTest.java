package io.mercury.common.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.Reply;
import io.mercury.common.security.AuditQuery;
import io.mercury.common.security.AuditRecord;
import io.mercury.common.security.AuditRecord.Outcome;
import io.mercury.common.security.AuditTrail;
import io.mercury.common.security.Caller;
import io.mercury.common.security.MemoryAudit;
import io.mercury.common.security.Role;
import java.lang.reflect.Proxy;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Role enforcement and the audit trail in the dispatcher: each role against each access level. */
class DispatcherAccessTest {
  private MemoryAudit store;
  private AuditTrail audit;
  private final AtomicInteger ran = new AtomicInteger();
  private final List<Caller> seen = new ArrayList<>();

  @BeforeEach
  void start() {
    store = new MemoryAudit();
    audit = store.trail("t");
  }

  @AfterEach
  void stop() {
    store.close();
  }

  private EndpointRegistry registry() {
    return new EndpointRegistry()
        .register("read", Access.READ, this::run)
        .register(
            "mutate",
            Access.OPERATE,
            a -> {
              run(a);
              return Map.of("job_id", "j-1", "nested", Map.of("x", 1L));
            },
            Param.required("job_id", ParamType.STRING),
            Param.optional("query", ParamType.MAP, Map.of()),
            Param.optional("requested_by", ParamType.STRING, null))
        .register("admin", Access.ADMINISTER, this::run)
        .register("agent", Access.AGENT, this::run)
        .register("service", Access.SERVICE, this::run)
        .register(
            "refuse",
            Access.OPERATE,
            a -> {
              throw new EndpointException("no such job");
            })
        .register(
            "crash",
            Access.OPERATE,
            a -> {
              throw new IllegalStateException("database on fire");
            });
  }

  private Object run(BoundArgs a) {
    ran.incrementAndGet();
    seen.add(a.caller());
    return a.has("requested_by") ? a.actor(a.string("requested_by")) : "done";
  }

  private Reply call(Dispatcher d, Caller caller, String endpoint, Map<String, Object> kwargs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("endpoint", endpoint);
    m.put("kwargs", kwargs);
    try {
      return Reply.fromWire(MsgPack.decode(d.handle(MsgPack.encode(m), caller)));
    } catch (io.mercury.common.codec.MalformedMessageException e) {
      throw new AssertionError(e);
    }
  }

  private Reply call(Caller caller, String endpoint) {
    Map<String, Object> kwargs = endpoint.equals("mutate") ? Map.of("job_id", "j-1") : Map.of();
    return call(new Dispatcher("t", registry(), audit), caller, endpoint, kwargs);
  }

  private static Caller as(Role role) {
    return new Caller(role.wireName() + "-user", "KEY-" + role.name(), role);
  }

  private List<AuditRecord> records() {
    return audit.find(new AuditQuery(null, null, null, null, null, null, 100));
  }

  static Stream<Arguments> matrix() {
    // endpoint order: read, mutate, admin, agent, service
    return Stream.of(
        Arguments.of(as(Role.READ_ONLY), List.of(true, false, false, false, false)),
        Arguments.of(as(Role.OPERATOR), List.of(true, true, false, false, false)),
        Arguments.of(as(Role.ADMIN), List.of(true, true, true, false, false)),
        Arguments.of(as(Role.AGENT), List.of(false, false, false, true, false)),
        Arguments.of(as(Role.SERVICE), List.of(true, true, true, true, true)),
        Arguments.of(Caller.unauthenticated(), List.of(true, true, true, true, true)));
  }

  @ParameterizedTest
  @MethodSource("matrix")
  void eachRoleReachesExactlyItsEndpoints(Caller caller, List<Boolean> allowed) {
    List<String> endpoints = List.of("read", "mutate", "admin", "agent", "service");
    List<String> needs = List.of("read-only", "operator", "admin", "agent", "service");
    for (int i = 0; i < endpoints.size(); i++) {
      int before = ran.get();
      Reply reply = call(caller, endpoints.get(i));
      if (allowed.get(i)) {
        assertThat(reply).as(endpoints.get(i)).isInstanceOf(Reply.Ok.class);
        assertThat(ran.get()).isEqualTo(before + 1);
      } else {
        assertThat(reply).as(endpoints.get(i)).isInstanceOf(Reply.Failure.class);
        assertThat(((Reply.Failure) reply).message())
            .isEqualTo(
                "Permission denied: " + endpoints.get(i) + " needs role " + needs.get(i) + "; "
                    + caller.name() + " has " + caller.role().wireName());
        assertThat(ran.get()).as("refused endpoint did not run").isEqualTo(before);
      }
    }
  }

  @Test
  void anAllowedMutationIsAuditedWithWhoWhatAndTheResult() {
    Reply reply =
        call(new Dispatcher("t", registry(), audit), as(Role.OPERATOR), "mutate",
            Map.of("job_id", "j-1", "query", Map.of("rack", "r12")));
    assertThat(reply).isInstanceOf(Reply.Ok.class);
    AuditRecord r = records().getFirst();
    assertThat(r.outcome()).isEqualTo(Outcome.OK);
    assertThat(r.detail()).isEmpty();
    assertThat(r.service()).isEqualTo("t");
    assertThat(r.action()).isEqualTo("mutate");
    assertThat(r.who()).isEqualTo(new AuditRecord.Who("operator-user", "KEY-OPERATOR", null, "operator"));
    assertThat(r.targets()).containsEntry("job_id", "j-1").containsEntry("query", "{\"rack\": \"r12\"}");
    assertThat(r.targets().get("result")).isEqualTo(Map.of("job_id", "j-1"));
  }

  @Test
  void aDenialIsAuditedEvenOnAnUnauditedEndpoint() {
    call(as(Role.READ_ONLY), "mutate");
    call(as(Role.AGENT), "read");
    assertThat(records())
        .extracting(AuditRecord::action, AuditRecord::outcome)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("mutate", Outcome.DENIED),
            org.assertj.core.groups.Tuple.tuple("read", Outcome.DENIED));
    assertThat(records()).allSatisfy(r -> assertThat(r.detail()).startsWith("Permission denied: "));
  }

  @Test
  void refusedAndFailedActionsAreAuditedAsErrors() {
    assertThat(call(as(Role.ADMIN), "refuse")).isInstanceOf(Reply.Failure.class);
    assertThat(call(as(Role.ADMIN), "crash")).isInstanceOf(Reply.Failure.class);
    // wrong arguments: it never started, but the attempt is on record
    assertThat(call(new Dispatcher("t", registry(), audit), as(Role.ADMIN), "mutate", Map.of("job_id", 5L)))
        .isInstanceOf(Reply.Failure.class);
    assertThat(records())
        .extracting(AuditRecord::action, AuditRecord::outcome, AuditRecord::detail)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("refuse", Outcome.ERROR, "no such job"),
            org.assertj.core.groups.Tuple.tuple("crash", Outcome.ERROR, "database on fire"),
            org.assertj.core.groups.Tuple.tuple(
                "mutate", Outcome.ERROR, "mutate() argument 'job_id' must be str, not int"));
  }

  @Test
  void readsAndAuthenticatedDaemonsAreNotAuditedButUnauthenticatedMutationsAre() {
    call(as(Role.READ_ONLY), "read");
    call(as(Role.SERVICE), "mutate");
    assertThat(records()).isEmpty();
    call(Caller.unauthenticated(), "mutate");
    assertThat(records()).singleElement().satisfies(r -> {
      assertThat(r.who().name()).isEqualTo("unauthenticated");
      assertThat(r.who().publicKey()).isNull();
      assertThat(r.who().role()).isEqualTo("service");
    });
  }

  @Test
  void whenTheAuditCannotBeWrittenTheActionIsRefusedAndDoesNotRun() {
    AuditTrail broken = new AuditTrail(failingCollection(), "t", InstantSource.system());
    Reply reply = call(new Dispatcher("t", registry(), broken), as(Role.OPERATOR), "mutate", Map.of("job_id", "j-1"));
    assertThat(reply).isInstanceOf(Reply.Failure.class);
    assertThat(((Reply.Failure) reply).message()).startsWith("mutate refused: audit trail unavailable (store down");
    assertThat(ran.get()).isZero();
    // reads do not depend on the audit trail
    assertThat(call(new Dispatcher("t", registry(), broken), as(Role.OPERATOR), "read", Map.of()))
        .isInstanceOf(Reply.Ok.class);
  }

  @Test
  void theHandlerSeesTheCallerAndAnAuthenticatedOperatorCannotClaimAnotherName() {
    Dispatcher d = new Dispatcher("t", registry(), audit);
    Reply own = call(d, as(Role.OPERATOR), "mutate", Map.of("job_id", "j", "requested_by", "someone-else"));
    assertThat(own).isInstanceOf(Reply.Ok.class);
    assertThat(seen.getLast()).isEqualTo(as(Role.OPERATOR));
    Reply viaDaemon = call(d, as(Role.SERVICE), "read", Map.of());
    assertThat(viaDaemon).isInstanceOf(Reply.Ok.class);
    assertThat(seen.getLast().role()).isEqualTo(Role.SERVICE);
  }

  @Test
  void actorIsTheAuthenticatedNameUnlessADaemonOrNobodyIsAuthenticated() {
    EndpointRegistry r =
        new EndpointRegistry()
            .register("who", Access.OPERATE, a -> a.actor(a.string("requested_by")),
                Param.optional("requested_by", ParamType.STRING, null));
    Dispatcher d = new Dispatcher("t", r, audit);
    Map<String, Object> claim = Map.of("requested_by", "mallory");
    assertThat(((Reply.Ok) call(d, as(Role.OPERATOR), "who", claim)).message()).isEqualTo("operator-user");
    assertThat(((Reply.Ok) call(d, as(Role.SERVICE), "who", claim)).message()).isEqualTo("mallory");
    assertThat(((Reply.Ok) call(d, Caller.unauthenticated(), "who", claim)).message()).isEqualTo("mallory");
  }

  @Test
  void everyEndpointMustDeclareItsAccess() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new EndpointRegistry().register("x", null, a -> null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("x declares no access");
  }

  @SuppressWarnings("unchecked")
  private static MongoCollection<Document> failingCollection() {
    return (MongoCollection<Document>)
        Proxy.newProxyInstance(
            DispatcherAccessTest.class.getClassLoader(),
            new Class<?>[] {MongoCollection.class},
            (proxy, method, args) -> {
              throw new MongoException("store down");
            });
  }
}
