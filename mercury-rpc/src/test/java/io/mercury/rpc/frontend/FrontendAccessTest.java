package io.mercury.rpc.frontend;

import static io.mercury.common.security.Callers.as;
import static io.mercury.common.security.Callers.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mercury.common.dispatch.Access;
import io.mercury.common.dispatch.Dispatcher;
import io.mercury.common.dispatch.EndpointRegistry;
import io.mercury.common.protocol.Reply;
import io.mercury.common.security.Caller;
import io.mercury.common.security.Callers;
import io.mercury.common.security.Role;
import io.mercury.common.store.audit.AuditQuery;
import io.mercury.common.store.audit.AuditRecord;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.inventory.testing.TestingInventory;
import io.mercury.rpc.instruction.Instructions;
import io.mercury.rpc.store.RpcStore;
import io.mercury.rpc.store.TaskReports;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/** Who may call each frontend endpoint; job changes are audited and record the authenticated name. */
class FrontendAccessTest {
  private static final String HP1 = "0100000000000000000000000000000000000000aa";

  private TestingInventory inventory;
  private MongoServer mongo;
  private MongoClient mongoClient;
  private ZContext context;
  private ServiceClient inventoryClient;
  private BackendNotifier backends;
  private RpcStore store;
  private AuditTrail audit;
  private EndpointRegistry registry;
  private Dispatcher dispatcher;

  @BeforeEach
  void start() {
    inventory = TestingInventory.start();
    mongo = new MongoServer(new MemoryBackend());
    mongoClient = MongoClients.create(mongo.bindAndGetConnectionString());
    var db = mongoClient.getDatabase("mercury");
    store = new RpcStore(db.getCollection("rpc_jobs"), db.getCollection("rpc_tasks"), InstantSource.system());
    context = new ZContext();
    inventoryClient = new ServiceClient(context, inventory.endpoint(), ClientSettings.defaults("inventory").withTimeout(Duration.ofSeconds(10)));
    backends = new BackendNotifier(context, Duration.ofSeconds(5));
    JobService jobs =
        new JobService(
            store, new TargetFinder(inventoryClient, FrontendService.Settings.DEFAULT_MAX_TARGETS), Instructions.standard(), new JobFactory(UUID::randomUUID, store::now), backends);
    registry = FrontendEndpoints.registry(jobs, store, new TaskReports(store));
    audit = AuditTrail.in(mongoClient.getDatabase("mercury_security"), FrontendService.NAME, InstantSource.system());
    dispatcher = new Dispatcher(FrontendService.NAME, registry, audit);
    Map<String, Object> active = new HashMap<>();
    active.put("rpc_address", "127.0.0.1");
    active.put("rpc_address6", null);
    active.put("rpc_port", 1L);
    active.put("ping_port", 2L);
    Map<String, Object> echo = new HashMap<>(Map.of("num_args", 1L, "timeout", 1800L, "serial", false));
    echo.put("kwarg_names", null);
    active.put("capabilities", Map.of("echo", echo));
    inventory.insert(Map.of(
        "mercury_id", HP1, "active", active,
        "origin", Map.of("name", "be1", "datacenter", "local", "address", "127.0.0.1", "port", 1L)));
  }

  @AfterEach
  void stop() {
    backends.close();
    inventoryClient.close();
    context.close();
    store.close();
    mongoClient.close();
    mongo.shutdownNow();
    inventory.close();
  }

  private Reply create(Caller caller, String requestedBy) {
    return call(dispatcher, caller, "create_job",
        List.of(Map.of("mercury_id", HP1), Map.of("method", "echo", "args", List.of("hi"))), Map.of("requested_by", requestedBy));
  }

  @Test
  void everyEndpointDeclaresTheExpectedAccess() {
    assertThat(Callers.accessOf(registry))
        .isEqualTo(Map.ofEntries(
            Map.entry("create_job", Access.OPERATE.forDaemons("api")),
            Map.entry("cancel_job", Access.OPERATE.forDaemons("api")),
            Map.entry("get_job", Access.READ.forDaemons("api")),
            Map.entry("get_job_status", Access.READ.forDaemons("api")),
            Map.entry("get_job_tasks", Access.READ.forDaemons("api")),
            Map.entry("get_task", Access.READ.forDaemons("api")),
            Map.entry("get_jobs", Access.READ.forDaemons("api")),
            Map.entry("find_ids", Access.READ.forDaemons("api")),
            Map.entry("get_active_tasks_by_mercury_id", Access.READ.forDaemons("api")),
            Map.entry("update_task", Access.SERVICE.forDaemons("backend")),
            Map.entry("complete_task", Access.SERVICE.forDaemons("backend"))));
  }

  @Test
  void aReadOnlyCallerCanReadButNotCreateOrCancelJobs() {
    Reply refused = create(as(Role.READ_ONLY), "x");
    assertThat(((Reply.Failure) refused).message()).isEqualTo("Permission denied: create_job needs role operator; read-only-user has read-only");
    assertThat(((Reply.Failure) call(dispatcher, as(Role.READ_ONLY), "cancel_job", List.of("j"), Map.of())).message())
        .isEqualTo("Permission denied: cancel_job needs role operator; read-only-user has read-only");
    assertThat(store.jobs(null, 0)).isEmpty();
    assertThat(call(dispatcher, as(Role.READ_ONLY), "get_jobs", List.of(), Map.of())).isInstanceOf(Reply.Ok.class);
    assertThat(((Reply.Failure) call(dispatcher, as(Role.OPERATOR), "update_task", List.of(Map.of()), Map.of())).message())
        .isEqualTo("Permission denied: update_task needs role service; operator-user has operator");
    assertThat(audit.find(new AuditQuery(null, null, null, AuditRecord.Outcome.DENIED, null, null, 10))).hasSize(3);
  }

  @Test
  void anOperatorCreatesAndCancelsJobsUnderItsOwnNameAndBothAreAudited() {
    Reply created = create(as(Role.OPERATOR), "someone-else");
    assertThat(created).isInstanceOf(Reply.Ok.class);
    String jobId = (String) ((Map<?, ?>) ((Reply.Ok) created).message()).get("job_id");
    Map<?, ?> job = (Map<?, ?>) ((Reply.Ok) call(dispatcher, as(Role.READ_ONLY), "get_job", List.of(jobId), Map.of())).message();
    assertThat(job.get("requested_by")).isEqualTo("operator-user");
    assertThat(call(dispatcher, as(Role.ADMIN), "cancel_job", List.of(jobId), Map.of())).isInstanceOf(Reply.Ok.class);

    List<AuditRecord> records = audit.find(new AuditQuery(null, null, null, AuditRecord.Outcome.OK, null, null, 10));
    assertThat(records).extracting(AuditRecord::action).containsExactly("cancel_job", "create_job");
    assertThat(records.get(1).targets())
        .containsEntry("query", "{\"mercury_id\": \"" + HP1 + "\"}")
        .containsEntry("result", Map.of("job_id", jobId, "targets", 1L));
    assertThat(records.get(0).who().name()).isEqualTo("admin-user");
    assertThat(records.get(0).targets()).containsEntry("job_id", jobId);
  }

  @Test
  void unauthenticatedCallsKeepTheClaimedRequester() {
    Reply created = create(Caller.unauthenticated(), "ops@test");
    String jobId = (String) ((Map<?, ?>) ((Reply.Ok) created).message()).get("job_id");
    Map<?, ?> job = (Map<?, ?>) ((Reply.Ok) call(dispatcher, Caller.unauthenticated(), "get_job", List.of(jobId), Map.of())).message();
    assertThat(job.get("requested_by")).isEqualTo("ops@test");
  }
}
