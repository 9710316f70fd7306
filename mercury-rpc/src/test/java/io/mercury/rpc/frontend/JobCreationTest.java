package io.mercury.rpc.frontend;

import static io.mercury.rpc.model.TaskDocs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mercury.common.dispatch.EndpointException;
import io.mercury.common.protocol.Request;
import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.time.ManualTimeSource;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServerSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.inventory.testing.TestingInventory;
import io.mercury.rpc.instruction.Instructions;
import io.mercury.rpc.store.JobCounters;
import io.mercury.rpc.store.RetentionSweeper;
import io.mercury.rpc.store.RpcStore;
import io.mercury.rpc.testing.RecordingBackend;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/**
 * Streaming job creation: a job's targets are read a page at a time and each page's tasks are stored
 * and handed to their backend before the next page is read; the job cannot complete before its last
 * page is stored; a cancel, a failure half-way and a frontend that dies half-way each leave a job that
 * ends. Real sockets, a real inventory, a wire MongoDB, a backend that records the frontend's notices.
 */
class JobCreationTest {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T10:00:00Z"));
  private final InstantSource clock = () -> now.get();
  private TestingInventory inventory;
  private MongoServer mongo;
  private MongoClient mongoClient;
  private ZContext context;
  private RpcStore store;
  private RecordingBackend backend;
  private BackendNotifier notices;
  private FrontendService frontend;
  private ServiceClient client;

  @BeforeEach
  void start() {
    inventory = TestingInventory.start();
    mongo = new MongoServer(new MemoryBackend());
    mongoClient = MongoClients.create(mongo.bindAndGetConnectionString());
    var db = mongoClient.getDatabase("mercury");
    store = new RpcStore(db.getCollection("rpc_jobs"), db.getCollection("rpc_tasks"), clock);
    store.ensureIndexes(Duration.ofDays(7));
    context = new ZContext();
    backend = new RecordingBackend();
    notices = new BackendNotifier(context, Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (frontend != null) {
      frontend.close();
    }
    notices.close();
    backend.close();
    store.close();
    context.close();
    mongoClient.close();
    mongo.shutdownNow();
    inventory.close();
  }

  private int port() {
    return Integer.parseInt(backend.address().substring(backend.address().lastIndexOf(':') + 1));
  }

  private Map<String, Object> device(String id, boolean canEcho) {
    Map<String, Object> active = new HashMap<>();
    active.put("rpc_address", "127.0.0.1");
    active.put("rpc_port", 1L);
    active.put("ping_port", 2L);
    active.put("capabilities", canEcho ? Map.of("echo", new HashMap<>(Map.of("num_args", 1L, "timeout", 60L))) : Map.of());
    return new HashMap<>(
        Map.of(
            "mercury_id", id,
            "active", active,
            "origin", Map.of("name", "be1", "datacenter", "local", "address", "127.0.0.1", "port", (long) port())));
  }

  private static String id(int i) {
    return String.format("01%040d", i);
  }

  private Target target(int i, boolean canEcho) {
    return Target.from(device(id(i), canEcho));
  }

  private List<Target> targets(int from, int to, boolean canEcho) {
    List<Target> page = new ArrayList<>();
    for (int i = from; i < to; i++) {
      page.add(target(i, canEcho));
    }
    return page;
  }

  private static Map<String, Object> echo() {
    return Map.of("method", "echo", "args", List.of("hi"));
  }

  private JobCreation creation(boolean unlessNoneCan) throws Exception {
    JobFactory factory = new JobFactory(UUID::randomUUID, store::now);
    JobFactory.NewJob job = factory.start(Map.of(), echo(), "tester");
    return new JobCreation(
        store, notices, new JobCanceller(store, notices), factory, job, Instructions.standard().plan(echo()), unlessNoneCan);
  }

  /** The task ids of each {@code enqueue_tasks} notice the backend got, in order. */
  private List<List<String>> enqueued() {
    List<List<String>> notices = new ArrayList<>();
    for (Map<?, ?> r : backend.requests()) {
      if ("enqueue_tasks".equals(r.get("endpoint"))) {
        notices.add(((List<?>) ((List<?>) r.get("args")).getFirst()).stream().map(String::valueOf).toList());
      }
    }
    return notices;
  }

  private Document job(String jobId) {
    return new Document(store.job(jobId, null).orElseThrow());
  }

  private List<String> taskIds(String jobId, TaskStatus status) {
    return store.tasksOfJob(jobId, Map.of(ID, 1, STATUS, 1)).stream()
        .filter(t -> status.name().equals(t.get(STATUS)))
        .map(t -> (String) t.get(ID))
        .toList();
  }

  private void complete(List<String> taskIds) {
    for (String taskId : taskIds) {
      store.transition(taskId, TaskStatus.OPEN, TaskStatus.SUCCESS, Map.of(), null);
    }
  }

  @Test
  void aLargeJobIsHandedToItsBackendPageByPage() throws Exception {
    List<Document> devices = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      devices.add(new Document(device(id(i), true)));
    }
    inventory.devices().insertMany(devices);
    frontend =
        FrontendService.start(
            context,
            new FrontendService.Settings(
                ServerSettings.of(FrontendService.NAME, "tcp://127.0.0.1:0"), inventory.endpoint(), Duration.ofDays(7), Duration.ofHours(1)),
            store,
            clock,
            AuditTrail.in(mongoClient.getDatabase("mercury_security"), FrontendService.NAME, clock));
    client = new ServiceClient(context, frontend.endpoint(), ClientSettings.defaults("rpc").withTimeout(Duration.ofSeconds(20)));

    Map<?, ?> reply = (Map<?, ?>) client.invoke(Request.of("create_job", Map.of(), echo()), true);

    String jobId = (String) reply.get("job_id");
    assertThat(reply.get("targets")).isEqualTo(600L);
    // one notice per page: the first page is small, so its tasks go out while the rest is read
    await().atMost(Duration.ofSeconds(20)).until(() -> enqueued().size() == 2);
    assertThat(enqueued()).extracting(List::size).containsExactly((int) TargetFinder.FIRST_PAGE, 600 - (int) TargetFinder.FIRST_PAGE);
    assertThat(enqueued().stream().flatMap(List::stream)).doesNotHaveDuplicates().hasSize(600);
    Document job = job(jobId);
    assertThat(job.get(TASK_COUNT)).isEqualTo(600L);
    assertThat(job.get(REMAINING)).isEqualTo(600L);
    assertThat(job.get(COUNTS, Document.class).get("NEW")).isEqualTo(600L);
    assertThat(job.get(JobCounters.CREATING)).isNull();
    assertThat(job.get(TIME_COMPLETED)).isNull();
  }

  @Test
  void aJobCannotCompleteBeforeItsLastPageIsStored() throws Exception {
    JobCreation creation = creation(false);
    creation.add(targets(0, 2, true));
    await().atMost(Duration.ofSeconds(10)).until(() -> enqueued().size() == 1);
    complete(taskIds(creation.jobId(), TaskStatus.NEW));

    // every task stored so far has ended, and more are coming: the job is not complete
    assertThat(job(creation.jobId()).get(TIME_COMPLETED)).isNull();
    assertThat(job(creation.jobId()).get(REMAINING)).isEqualTo(1L);

    creation.add(targets(2, 3, true));
    complete(taskIds(creation.jobId(), TaskStatus.NEW));
    assertThat(job(creation.jobId()).get(TIME_COMPLETED)).isNull();

    assertThat(creation.finish()).isEqualTo(new JobCreation.JobResult(creation.jobId(), 3, 0));
    Document job = job(creation.jobId());
    assertThat(job.get(TIME_COMPLETED)).isNotNull();
    assertThat(job.get(REMAINING)).isEqualTo(0L);
    assertThat(job.get(TASK_COUNT)).isEqualTo(3L);
    assertThat(job.get(COUNTS, Document.class).get("SUCCESS")).isEqualTo(3L);
  }

  @Test
  void aJobWhoseEveryTargetRefusesCompletesWhenItsCreationEnds() throws Exception {
    JobCreation creation = creation(false);
    creation.add(targets(0, 2, false));
    assertThat(job(creation.jobId()).get(TIME_COMPLETED)).isNull();

    creation.finish();

    Document job = job(creation.jobId());
    assertThat(job.get(TIME_COMPLETED)).isNotNull();
    assertThat(job.get(COUNTS, Document.class).get("ERROR")).isEqualTo(2L);
    assertThat(enqueued()).isEmpty();
  }

  @Test
  void pagesAfterACancelAreStoredCancelledAndNeverDispatched() throws Exception {
    JobCreation creation = creation(false);
    creation.add(targets(0, 2, true));
    store.markCancelled(creation.jobId(), "an operator");
    new JobCanceller(store, notices).cancelOpenTasks(creation.jobId(), "an operator");

    creation.add(targets(2, 5, true));
    creation.finish();

    assertThat(taskIds(creation.jobId(), TaskStatus.CANCELLED)).hasSize(5);
    await().atMost(Duration.ofSeconds(10)).until(() -> enqueued().size() == 1);
    assertThat(enqueued().getFirst()).hasSize(2);
    Document job = job(creation.jobId());
    assertThat(job.get(TIME_COMPLETED)).isNotNull();
    assertThat(job.get(TASK_COUNT)).isEqualTo(5L);
  }

  @Test
  void aCreationStoppedHalfWayCancelsWhatItStoredAndSaysWhy() throws Exception {
    JobCreation creation = creation(false);
    creation.add(targets(0, 3, true));

    EndpointException error = creation.abort("the inventory did not answer: no reply within 10 s");

    assertThat(error).hasMessage(
        "job " + creation.jobId() + " was cancelled: job creation stopped after 3 target(s): the inventory did not answer: no reply within 10 s");
    assertThat(taskIds(creation.jobId(), TaskStatus.CANCELLED)).hasSize(3);
    Document job = job(creation.jobId());
    assertThat(job.get(TIME_COMPLETED)).isNotNull();
    assertThat(job.get(CANCELLED)).isEqualTo(true);
    assertThat(job.getString(JobCounters.CREATION_INTERRUPTED)).contains("the inventory did not answer");
  }

  @Test
  void theSweeperLooksForAbandonedCreationsEveryMinuteByItself() throws Exception {
    ManualTimeSource time = new ManualTimeSource(now.get());
    JobCreation creation = creation(false);
    creation.add(targets(0, 2, true));
    try (RetentionSweeper sweeper = new RetentionSweeper(store, Duration.ofDays(7), time).start(Duration.ofHours(1))) {
      time.advance(Duration.ofSeconds(119)); // looked at 1 min: not abandoned yet
      assertThat(job(creation.jobId()).get(JobCounters.CREATING)).isNotNull();

      time.advance(Duration.ofSeconds(61)); // looked again at 2 and 3 min

      assertThat(job(creation.jobId()).get(JobCounters.CREATING)).isNull();
      assertThat(job(creation.jobId()).getString(JobCounters.CREATION_INTERRUPTED)).contains("the frontend stopped");
    }
  }

  @Test
  void aCreationAbandonedByItsFrontendIsEndedWithTheTasksItHas() throws Exception {
    JobCreation creation = creation(false);
    creation.add(targets(0, 2, true));
    RetentionSweeper sweeper = new RetentionSweeper(store, Duration.ofDays(7), clock);
    assertThat(sweeper.endAbandonedCreations()).isZero();

    now.set(now.get().plus(Duration.ofMinutes(3)));

    assertThat(sweeper.endAbandonedCreations()).isEqualTo(1);
    Document job = job(creation.jobId());
    assertThat(job.get(JobCounters.CREATING)).isNull();
    assertThat(job.getString(JobCounters.CREATION_INTERRUPTED)).contains("the frontend stopped").contains("2 task(s)");
    assertThat(job.get(REMAINING)).isEqualTo(2L);
    complete(taskIds(creation.jobId(), TaskStatus.NEW));
    assertThat(job(creation.jobId()).get(TIME_COMPLETED)).isNotNull();
    // the frontend was only slow: its late finish changes nothing
    creation.finish();
    assertThat(job(creation.jobId()).get(REMAINING)).isEqualTo(0L);
  }

  @Test
  void unlessNoneCanKeepsRefusingPagesBackUntilATargetCanRunTheCall() throws Exception {
    JobCreation mixed = creation(true);
    mixed.add(targets(0, 2, false));
    assertThat(store.job(mixed.jobId(), null)).isEmpty();
    mixed.add(targets(2, 3, true));
    mixed.finish();
    assertThat(job(mixed.jobId()).get(TASK_COUNT)).isEqualTo(3L);
    assertThat(store.tasksOfJob(mixed.jobId(), null)).hasSize(3);

    JobCreation none = creation(true);
    none.add(targets(10, 12, false));
    none.add(targets(12, 13, false));
    assertThatThrownBy(none::finish)
        .isInstanceOf(EndpointException.class)
        .hasMessageStartingWith("no job created: none of the 3 target(s) can run it; the first says: ")
        .hasMessageContaining("does not advertise method 'echo'");
    assertThat(store.job(none.jobId(), null)).isEmpty();
    assertThat(store.openTasksOfJob(none.jobId())).isEmpty();
  }
}
