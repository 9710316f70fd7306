package io.mercury.common.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.Reply;
import io.mercury.common.security.Caller;
import io.mercury.common.security.Callers;
import io.mercury.common.security.Role;
import io.mercury.common.store.audit.AuditQuery;
import io.mercury.common.store.audit.AuditRecord;
import io.mercury.common.store.audit.AuditRecord.Outcome;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.store.audit.MemoryAudit;
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
        .register("read", Access.READ.forDaemons("api"), this::run)
        .register(
            "mutate",
            Access.OPERATE.forDaemons("api").actingForAgents("backend"),
            a -> {
              run(a);
              return Map.of("job_id", "j-1", "nested", Map.of("x", 1L));
            },
            Param.required("job_id", ParamType.STRING),
            Param.optional("query", ParamType.MAP, Map.of()),
            Param.optional("requested_by", ParamType.STRING, null))
        .register("admin", Access.ADMINISTER, this::run)
        .register("agent", Access.AGENT, this::run)
        .register("service", Access.SERVICE.forDaemons("backend"), this::run)
        .register(
            "own_device",
            Access.AGENT,
            a -> {
              throw new PermissionDeniedException("device x is not yours");
            })
        .register(
            "mint",
            Access.ADMINISTER.forDaemons("boot"),
            a -> Map.of("token", "s3cret-token", "id", "abc"),
            Param.optional("token", ParamType.STRING, null).secretValue())
        .secretInReply("mint", "token")
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
    return call(d, caller, endpoint, kwargs, null);
  }

  private Reply call(Dispatcher d, Caller caller, String endpoint, Map<String, Object> kwargs, Map<String, Object> onBehalfOf) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("endpoint", endpoint);
    m.put("kwargs", kwargs);
    if (onBehalfOf != null) {
      m.put("on_behalf_of", onBehalfOf);
    }
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
        Arguments.of(Callers.daemon("backend"), List.of(false, true, false, false, true)),
        Arguments.of(Callers.daemon("api"), List.of(true, true, false, false, false)),
        Arguments.of(Callers.daemon("boot"), List.of(false, false, false, false, false)),
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
  void readsAndDaemonsActingForAgentsAreNotAuditedButEveryOtherMutationIs() {
    call(as(Role.READ_ONLY), "read");
    call(Callers.daemon("backend"), "mutate");
    assertThat(records()).isEmpty();
    call(Callers.daemon("api"), "mutate");
    call(Caller.unauthenticated(), "mutate");
    assertThat(records()).extracting(r -> r.who().name()).containsExactlyInAnyOrder("api", "unauthenticated");
    assertThat(records()).allSatisfy(r -> assertThat(r.who().role()).isEqualTo("service"));
  }

  @Test
  void theApiActsWithTheRoleOfItsCallerAndIsAuditedAsActingForThem() {
    Dispatcher d = new Dispatcher("t", registry(), audit);
    Reply denied = call(d, Callers.daemon("api"), "mutate", Map.of("job_id", "j"), Map.of("name", "alice", "role", "read-only"));
    assertThat(((Reply.Failure) denied).message()).isEqualTo("Permission denied: mutate needs role operator; api for alice has read-only");
    Reply allowed = call(d, Callers.daemon("api"), "mutate", Map.of("job_id", "j", "requested_by", "mallory"), Map.of("name", "bob", "role", "operator"));
    assertThat(allowed).isInstanceOf(Reply.Ok.class);
    assertThat(seen.getLast().name()).isEqualTo("api for bob");
    assertThat(seen.getLast().role()).isEqualTo(Role.OPERATOR);
    assertThat(records()).extracting(r -> r.who().name(), AuditRecord::outcome)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("api for alice", Outcome.DENIED),
            org.assertj.core.groups.Tuple.tuple("api for bob", Outcome.OK));
    assertThat(ran.get()).isEqualTo(1);
  }

  @Test
  void onlyTheApiMayActForSomeoneElseAndOnlyForAnOperatorRole() {
    Dispatcher d = new Dispatcher("t", registry(), audit);
    Map<String, Object> admin = Map.of("name", "root", "role", "admin");
    for (Caller c : List.of(Callers.daemon("boot"), Callers.daemon("backend"), as(Role.AGENT), as(Role.OPERATOR))) {
      Reply r = call(d, c, "read", Map.of(), admin);
      assertThat(((Reply.Failure) r).message()).as(c.name()).isEqualTo("Permission denied: " + c.name() + " may not act on behalf of another caller");
    }
    Reply asService = call(d, Callers.daemon("api"), "read", Map.of(), Map.of("name", "x", "role", "service"));
    assertThat(((Reply.Failure) asService).message()).contains("may act only for operators");
    assertThat(ran.get()).isZero();
    assertThat(records()).hasSize(5).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.DENIED));
  }

  @Test
  void aRefusalForAnotherDeviceIsAuditedOnAnAgentEndpoint() {
    Reply r = call(as(Role.AGENT), "own_device");
    assertThat(((Reply.Failure) r).message()).isEqualTo("Permission denied: device x is not yours");
    assertThat(records()).singleElement().satisfies(a -> {
      assertThat(a.outcome()).isEqualTo(Outcome.DENIED);
      assertThat(a.who().role()).isEqualTo("agent");
    });
  }

  @Test
  void secretArgumentsAndReplyFieldsNeverReachTheAuditTrail() {
    Reply r = call(new Dispatcher("t", registry(), audit), Callers.daemon("boot"), "mint", Map.of("token", "given-secret"));
    assertThat(((Reply.Ok) r).message()).isEqualTo(Map.of("token", "s3cret-token", "id", "abc"));
    AuditRecord a = records().getFirst();
    assertThat(a.who().name()).isEqualTo("boot");
    assertThat(a.targets()).containsEntry("token", "[secret]");
    assertThat(a.targets().get("result")).isEqualTo(Map.of("token", "[secret]", "id", "abc"));
    assertThat(a.toString()).doesNotContain("given-secret").doesNotContain("s3cret-token");
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
    Reply viaDaemon = call(d, Callers.daemon("api"), "read", Map.of());
    assertThat(viaDaemon).isInstanceOf(Reply.Ok.class);
    assertThat(seen.getLast()).isEqualTo(Callers.daemon("api"));
  }

  @Test
  void actorIsTheAuthenticatedNameUnlessNobodyIsAuthenticated() {
    EndpointRegistry r =
        new EndpointRegistry()
            .register("who", Access.OPERATE.forDaemons("api"), a -> a.actor(a.string("requested_by")),
                Param.optional("requested_by", ParamType.STRING, null));
    Dispatcher d = new Dispatcher("t", r, audit);
    Map<String, Object> claim = Map.of("requested_by", "mallory");
    assertThat(((Reply.Ok) call(d, as(Role.OPERATOR), "who", claim)).message()).isEqualTo("operator-user");
    assertThat(((Reply.Ok) call(d, Callers.daemon("api"), "who", claim)).message()).isEqualTo("api");
    assertThat(((Reply.Ok) call(d, Callers.daemon("api"), "who", claim, Map.of("name", "bob", "role", "operator"))).message())
        .isEqualTo("api for bob");
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
