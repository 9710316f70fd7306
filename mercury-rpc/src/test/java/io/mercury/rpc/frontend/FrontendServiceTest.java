package io.mercury.rpc.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mercury.common.protocol.Request;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServerSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.inventory.testing.TestingInventory;
import io.mercury.rpc.store.RpcStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/** The frontend over real sockets, a real inventory and a wire MongoDB; no backend runs here. */
class FrontendServiceTest {
  private static final String HP1 = "01aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String HP2 = "01bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  private static final String DELL = "01cccccccccccccccccccccccccccccccccccccccc";

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
  private final InstantSource clock = () -> now.get();
  private TestingInventory inventory;
  private MongoServer mongo;
  private MongoClient mongoClient;
  private ZContext context;
  private RpcStore store;
  private FrontendService frontend;
  private ServiceClient client;

  @BeforeEach
  void start() {
    inventory = TestingInventory.start();
    mongo = new MongoServer(new MemoryBackend());
    mongoClient = MongoClients.create(mongo.bindAndGetConnectionString());
    var db = mongoClient.getDatabase("mercury");
    store = new RpcStore(db.getCollection("rpc_jobs"), db.getCollection("rpc_tasks"), clock);
    context = new ZContext();
    frontend =
        FrontendService.start(
            context,
            new FrontendService.Settings(
                ServerSettings.of(FrontendService.NAME, "tcp://127.0.0.1:0"),
                inventory.endpoint(),
                Duration.ofDays(7),
                Duration.ofHours(1)),
            store,
            clock,
            AuditTrail.in(mongoClient.getDatabase("mercury_security"), FrontendService.NAME, clock));
    client = new ServiceClient(context, frontend.endpoint(), ClientSettings.defaults("rpc").withTimeout(Duration.ofSeconds(10)));
    inventory.insert(device(HP1, "HP", Map.of("echo", capability(1), "run", capability(1))));
    inventory.insert(device(HP2, "HP", Map.of("run", capability(1))));
    inventory.insert(device(DELL, "Dell", Map.of("echo", capability(1))));
    Map<String, Object> inactive = new HashMap<>(Map.of("mercury_id", "01dddddddddddddddddddddddddddddddddddddddd", "dmi", Map.of("sys_vendor", "HP")));
    inactive.put("active", null);
    inventory.insert(inactive);
  }

  @AfterEach
  void stop() {
    client.close();
    frontend.close();
    context.close();
    mongoClient.close();
    mongo.shutdownNow();
    inventory.close();
  }

  private static Map<String, Object> capability(int numArgs) {
    Map<String, Object> c = new HashMap<>();
    c.put("num_args", (long) numArgs);
    c.put("kwarg_names", null);
    c.put("timeout", 1800L);
    c.put("serial", false);
    return c;
  }

  private static Map<String, Object> device(String id, String vendor, Map<String, Object> capabilities) {
    Map<String, Object> active = new HashMap<>();
    active.put("rpc_address", "127.0.0.1");
    active.put("rpc_address6", null);
    active.put("rpc_port", 1L);
    active.put("ping_port", 2L);
    active.put("capabilities", capabilities);
    return Map.of(
        "mercury_id", id,
        "dmi", Map.of("sys_vendor", vendor),
        "active", active,
        // a backend nobody listens on: the notice fails and is logged; create_job is not held up
        "origin", Map.of("name", "be1", "datacenter", "local", "address", "127.0.0.1", "port", 1L));
  }

  private Object call(String endpoint, Object... args) throws Exception {
    return client.invoke(Request.of(endpoint, args), false);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  private Map<String, Object> echo(String message) {
    return Map.of("method", "echo", "args", List.of(message));
  }

  @Test
  void mcliAsksForNoJobWhenNoTargetCanRunTheCallButAMixedFleetStillGetsOne() throws Exception {
    long before = store.jobs(null, 0).size();
    Map<String, Object> check = Map.of("requested_by", "ops@test", "unless_none_can", true);
    assertThatThrownBy(() -> client.invoke(new Request("create_job", List.of(Map.of("mercury_id", HP2), echo("hi")), check), false))
        .isInstanceOf(RemoteException.class)
        .hasMessage("no job created: none of the 1 target(s) can run it; " + HP2 + " does not advertise method 'echo' (it offers: run)");
    assertThatThrownBy(() -> client.invoke(new Request("create_job", List.of(Map.of("dmi.sys_vendor", "HP"), Map.of("method", "ech", "args", List.of("hi"))), check), false))
        .hasMessageStartingWith("no job created: none of the 2 target(s) can run it; the first says: ")
        .hasMessageContaining("does not advertise method 'ech'");
    assertThat(store.jobs(null, 0)).hasSize((int) before);
    // one target can: the job is created, with the other's refusal as its task
    assertThat(map(client.invoke(new Request("create_job", List.of(Map.of("dmi.sys_vendor", "HP"), echo("hi")), check), false)))
        .containsEntry("targets", 2L);
  }

  @Test
  void createJobTargetsActiveDevicesAndRefusesThoseWithoutTheMethod() throws Exception {
    Map<String, Object> created = map(client.invoke(new Request("create_job", List.of(Map.of("dmi.sys_vendor", "HP"), echo("hi")), Map.of("requested_by", "ops@test")), false));
    assertThat(created).containsEntry("targets", 2L);
    String jobId = (String) created.get("job_id");

    Map<String, Object> job = map(call("get_job", jobId));
    assertThat(job).containsEntry("task_count", 2L).containsEntry("requested_by", "ops@test").containsEntry("query", Map.of("dmi.sys_vendor", "HP"));
    assertThat(map(job.get("counts"))).containsEntry("NEW", 1L).containsEntry("ERROR", 1L);
    assertThat(job.get("time_completed")).isNull();

    Map<String, Object> tasks = map(call("get_job_tasks", jobId));
    assertThat(tasks).containsEntry("count", 2L);
    List<Map<String, Object>> list = ((List<?>) tasks.get("tasks")).stream().map(this::map).toList();
    Map<String, Object> refused = list.stream().filter(t -> HP2.equals(t.get("mercury_id"))).findFirst().orElseThrow();
    assertThat(refused).containsEntry("status", "ERROR");
    assertThat((String) refused.get("reason")).isEqualTo(HP2 + " does not advertise method 'echo' (it offers: run)");
    Map<String, Object> open = list.stream().filter(t -> HP1.equals(t.get("mercury_id"))).findFirst().orElseThrow();
    assertThat(open).containsEntry("status", "NEW").containsEntry("method", "echo").containsEntry("args", List.of("hi"))
        .containsEntry("host", "127.0.0.1").containsEntry("port", 1L).containsEntry("backend", "be1").containsEntry("timeout", 1800.0);

    Map<String, Object> status = map(call("get_job_status", jobId));
    assertThat(status).containsEntry("has_failures", true);
    assertThat((List<?>) status.get("tasks")).hasSize(2);
    assertThat(map(call("get_task", open.get("task_id")))).containsEntry("job_id", jobId);
    assertThat(map(call("get_active_tasks_by_mercury_id", HP1))).containsEntry("count", 1L);
  }

  @Test
  void findIdsNamesWhatAShortenedJobOrTaskIdStandsFor() throws Exception {
    String jobId = (String) map(call("create_job", Map.of("mercury_id", HP1), echo("hi"))).get("job_id");
    String taskId = (String) ((Map<?, ?>) ((List<?>) map(call("get_job_tasks", jobId)).get("tasks")).get(0)).get("task_id");

    assertThat(call("find_ids", "job", jobId.substring(0, 8))).isEqualTo(List.of(jobId));
    assertThat(call("find_ids", "job", jobId.substring(0, 8).toUpperCase(Locale.ROOT))).isEqualTo(List.of(jobId));
    assertThat(call("find_ids", "task", taskId.substring(0, 13))).isEqualTo(List.of(taskId));
    assertThat(call("find_ids", "job", taskId.substring(0, 13))).isEqualTo(List.of());
    assertThatThrownBy(() -> call("find_ids", "job", "abc"))
        .hasMessageContaining("an id prefix is at least 4 hex digits (and dashes), was 'abc'");
    assertThatThrownBy(() -> call("find_ids", "job", ".*.*"))
        .hasMessageContaining("an id prefix is at least 4 hex digits");
    assertThatThrownBy(() -> call("find_ids", "device", "abcd")).hasMessageContaining("kind must be job or task");
  }

  @Test
  void noMatchingActiveDeviceGivesNull() throws Exception {
    assertThat(call("create_job", Map.of("dmi.sys_vendor", "Nobody"), echo("x"))).isNull();
    assertThat(call("create_job", Map.of("mercury_id", "01dddddddddddddddddddddddddddddddddddddddd"), echo("x"))).isNull();
  }

  @Test
  void aQueryMatchingMoreThanMaxTargetsIsRefusedAndNoJobIsCreated() throws Exception {
    long jobsBefore = store.jobs(null, 0).size();
    try (FrontendService limited =
            FrontendService.start(
                context,
                new FrontendService.Settings(
                    ServerSettings.of(FrontendService.NAME, "tcp://127.0.0.1:0"),
                    inventory.endpoint(),
                    Duration.ofDays(7),
                    Duration.ofHours(1),
                    io.mercury.common.security.TransportSecurity.off(),
                    2),
                store,
                clock,
                AuditTrail.in(mongoClient.getDatabase("mercury_security"), FrontendService.NAME, clock));
        ServiceClient limitedClient =
            new ServiceClient(context, limited.endpoint(), ClientSettings.defaults("rpc").withTimeout(Duration.ofSeconds(10)))) {
      assertThatThrownBy(
              () -> limitedClient.invoke(new Request("create_job", List.of(Map.of(), echo("x")), Map.of()), false))
          .isInstanceOf(RemoteException.class)
          .hasMessage("the query matches more than 2 active devices (rpc.max_targets); narrow the query or split the job");
      assertThat(store.jobs(null, 0)).hasSize((int) jobsBefore);
      Map<String, Object> created =
          map(limitedClient.invoke(new Request("create_job", List.of(Map.of("dmi.sys_vendor", "HP"), echo("x")), Map.of()), false));
      assertThat(created).containsEntry("targets", 2L);
    }
  }

  @Test
  void badInstructionsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> call("create_job", Map.of(), Map.of("args", List.of())))
        .isInstanceOf(RemoteException.class).hasMessageStartingWith("Contract invalid");
    assertThatThrownBy(() -> call("create_job", Map.of(), Map.of("method", "echo", "args", "notalist")))
        .hasMessage("'args' must be a list, not a string");
    assertThatThrownBy(() -> call("create_job", Map.of(), Map.of("method", "echo", "timeout", -1L)))
        .hasMessageContaining("'timeout' must be a positive number");
    assertThatThrownBy(() -> call("create_job", Map.of(), Map.of("preprocessor", "nope")))
        .hasMessageStartingWith("Specified preprocessor does not exist: nope");
    assertThatThrownBy(() -> call("create_job", Map.of("$where", "1"), echo("x")))
        .hasMessageContaining("the inventory refused the query");
  }

  @Test
  void wrongArgumentCountFailsTheTaskAtOnceAndCompletesTheJob() throws Exception {
    Map<String, Object> created = map(call("create_job", Map.of("mercury_id", DELL), Map.of("method", "echo", "args", List.of("a", "b"))));
    Map<String, Object> job = map(call("get_job", created.get("job_id")));
    assertThat(job.get("time_completed")).isNotNull();
    Map<String, Object> task = map(((List<?>) map(call("get_job_tasks", created.get("job_id"))).get("tasks")).get(0));
    assertThat(task.get("reason")).isEqualTo("arguments for echo are not satisfied: it takes 1 positional argument, the instruction gives 2");
  }

  @Test
  void reportsThroughTheFrontendCompleteTheJobOnceAndIgnoreRepeats() throws Exception {
    String jobId = (String) map(call("create_job", Map.of("mercury_id", HP1), echo("hi"))).get("job_id");
    String taskId = (String) map(((List<?>) map(call("get_job_tasks", jobId)).get("tasks")).get(0)).get("task_id");
    call("update_task", Map.of("task_id", taskId, "status", "STARTED", "time_started", 1.0));
    assertThat(map(call("get_task", taskId))).containsEntry("status", "STARTED");
    Map<String, Object> result = new HashMap<>(Map.of("task_id", taskId, "job_id", jobId, "status", "SUCCESS", "message", "hi"));
    result.put("traceback", null);
    call("complete_task", result);
    call("complete_task", Map.of("task_id", taskId, "job_id", jobId, "status", "ERROR", "message", "late"));
    Map<String, Object> task = map(call("get_task", taskId));
    assertThat(task).containsEntry("status", "SUCCESS").containsEntry("message", "hi");
    assertThat((List<?>) task.get("history")).extracting(h -> map(h).get("status")).containsExactly("NEW", "STARTED", "SUCCESS");
    Map<String, Object> job = map(call("get_job", jobId));
    assertThat(job.get("time_completed")).isNotNull();
    assertThat(map(job.get("counts"))).containsEntry("SUCCESS", 1L).containsEntry("NEW", 0L).containsEntry("STARTED", 0L);
    assertThat(map(call("get_job_status", jobId))).containsEntry("has_failures", false);
    assertThatThrownBy(() -> call("complete_task", Map.of("task_id", taskId, "status", "SUCCESS")))
        .hasMessage("Message is missing required data: [status, message]");
    assertThatThrownBy(() -> call("update_task", Map.of("status", "STARTED"))).hasMessage("task_id is missing from request");
    assertThatThrownBy(() -> call("complete_task", Map.of("task_id", taskId, "status", "BOGUS", "message", 1L)))
        .hasMessageStartingWith("unknown status 'BOGUS'");
  }

  @Test
  void cancelJobCancelsOpenTasks() throws Exception {
    String jobId = (String) map(call("create_job", Map.of("dmi.sys_vendor", "HP"), Map.of("method", "run", "args", List.of("sleep 100")))).get("job_id");
    Map<String, Object> cancelled = map(client.invoke(new Request("cancel_job", List.of(jobId), Map.of("requested_by", "ops")), false));
    assertThat(cancelled).containsEntry("cancelled", 2L);
    Map<String, Object> job = map(call("get_job", jobId));
    assertThat(job).containsEntry("cancelled", true);
    assertThat(job.get("time_completed")).isNotNull();
    assertThat(map(job.get("counts"))).containsEntry("CANCELLED", 2L);
    Map<String, Object> task = map(((List<?>) map(call("get_job_tasks", jobId)).get("tasks")).get(0));
    assertThat(task).containsEntry("status", "CANCELLED").containsEntry("reason", "cancelled by ops");
    assertThat(map(call("cancel_job", jobId))).containsEntry("cancelled", 0L);
    assertThatThrownBy(() -> call("cancel_job", "no-such-job")).hasMessage("no job no-such-job");
  }

  @Test
  void getJobsListsNewestFirstWithoutTheBulkyInstructionParts() throws Exception {
    String first = (String) map(call("create_job", Map.of("mercury_id", HP1), echo("1"))).get("job_id");
    now.set(now.get().plusSeconds(5));
    String second = (String) map(call("create_job", Map.of("mercury_id", HP1), echo("2"))).get("job_id");
    Map<String, Object> jobs = map(call("get_jobs"));
    assertThat(jobs).containsEntry("count", 2L);
    assertThat((List<?>) jobs.get("jobs")).extracting(j -> map(j).get("job_id")).containsExactly(second, first);
    assertThat(map(client.invoke(new Request("get_jobs", List.of(), Map.of("limit", 1L)), false))).containsEntry("count", 1L);
    assertThat(call("get_job", "nope")).isNull();
    assertThat(call("get_job_status", "nope")).isNull();
    assertThat(call("get_task", "nope")).isNull();
  }

  @Test
  void pressStaticAssetsRendersEachTargetsConfiguration() throws Exception {
    inventory.insert(device("01eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "Press", Map.of("press", capability(0))));
    Map<String, Object> instruction = new LinkedHashMap<>();
    instruction.put("preprocessor", "press_static_assets");
    instruction.put("template", List.of("hostname: {{hostname}}", "disks: {{disks}}", "note: a & b"));
    instruction.put("assets", Map.of("01eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", Map.of("hostname", "web1", "disks", List.of("sda", "sdb"))));
    String jobId = (String) map(call("create_job", Map.of("dmi.sys_vendor", "Press"), instruction)).get("job_id");
    Map<String, Object> task = map(((List<?>) map(call("get_job_tasks", jobId)).get("tasks")).get(0));
    assertThat(task).containsEntry("method", "press").containsEntry("status", "NEW");
    assertThat(map(map(task.get("kwargs")).get("configuration")))
        .containsEntry("hostname", "web1").containsEntry("disks", List.of("sda", "sdb")).containsEntry("note", "a & b");

    instruction.put("assets", Map.of());
    assertThatThrownBy(() -> call("create_job", Map.of("dmi.sys_vendor", "Press"), instruction))
        .hasMessage("Assets supplied do not cover target 01eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee");
  }

  @Test
  void retentionDeletesFinishedJobsAndTheirTasksOnly() throws Exception {
    String done = (String) map(call("create_job", Map.of("mercury_id", DELL), Map.of("method", "echo", "args", List.of()))).get("job_id");
    String running = (String) map(call("create_job", Map.of("mercury_id", HP1), echo("x"))).get("job_id");
    var sweeper = new io.mercury.rpc.store.RetentionSweeper(store, Duration.ofDays(7), clock);
    assertThat(sweeper.sweep()).isZero();
    now.set(now.get().plus(Duration.ofDays(8)));
    assertThat(sweeper.sweep()).isEqualTo(2);
    assertThat(call("get_job", done)).isNull();
    assertThat(call("get_job", running)).isNotNull();
    assertThat(map(call("get_job_tasks", running))).containsEntry("count", 1L);
  }
}
