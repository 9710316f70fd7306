package io.mercury.rpc.backend;

import static io.mercury.rpc.model.TaskDocs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mercury.agent.ResultReporter;
import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.protocol.backend.TaskCompletion;
import io.mercury.common.protocol.backend.TaskUpdate;
import io.mercury.rpc.link.AgentRequests;
import io.mercury.rpc.store.JobCounters;
import io.mercury.rpc.store.RpcStore;
import io.mercury.rpc.store.TaskReports;
import io.mercury.rpc.testing.StoreWrites;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's held DISPATCHED: one update with the agent's STARTED, written alone when no report
 * comes, and a backend killed during the hold leaves a task its restart sends again. Its timers are
 * tested on a manual clock in {@link TaskDispatcherTimingTest}.
 */
class TaskDispatcherHoldTest {
  private static final Duration LONG_HOLD = Duration.ofHours(1);

  private final StoreWrites writes = new StoreWrites();
  /** task ids the fake agent has, as the real one remembers them: a second send is a duplicate. */
  private final Set<String> agentHas = ConcurrentHashMap.newKeySet();
  private final List<String> sent = new ArrayList<>();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private MongoServer mongo;
  private MongoClient client;
  private MongoCollection<Document> jobs;
  private MongoCollection<Document> tasks;

  @BeforeEach
  void setUp() {
    mongo = new MongoServer(new MemoryBackend());
    client = writes.client(mongo.bindAndGetConnectionString());
    MongoDatabase db = client.getDatabase("mercury");
    jobs = db.getCollection("rpc_jobs");
    tasks = db.getCollection("rpc_tasks");
    RpcStore store = store();
    store.ensureIndexes(Duration.ofDays(1));
    Map<String, Object> counts = JobCounters.emptyCounts();
    counts.put("NEW", 1L);
    // partial documents, as they are: only what the dispatcher reads
    jobs.insertOne(new Document(ID, "j1").append(REMAINING, 1L).append(COUNTS, new Document(counts)).append(TIME_COMPLETED, null));
    tasks.insertMany(
        List.of(
            new Document(ID, "t1")
                .append(TASK_ID, "t1")
                .append(JOB_ID, "j1")
                .append(MERCURY_ID, "m1")
                .append(HOST, "127.0.0.1")
                .append(PORT, 1L)
                .append(BACKEND, "b1")
                .append(METHOD, "echo")
                .append(ARGS, List.of("hi"))
                .append(STATUS, TaskStatus.NEW.name())
                .append(HISTORY, new ArrayList<>(List.of(new Document(STATUS, "NEW"))))));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : toClose.reversed()) {
      c.close();
    }
    client.close();
    mongo.shutdownNow();
  }

  private RpcStore store() {
    RpcStore store = new RpcStore(jobs, tasks, InstantSource.system());
    toClose.add(store);
    return store;
  }

  private TaskDispatcher dispatcher(RpcStore store, Duration idleHold, Duration hold) {
    AgentRequests agent =
        (mercuryId, address, message, timeout) -> {
          String taskId = (String) ((Map<?, ?>) message).get("task_id");
          synchronized (sent) {
            sent.add(taskId);
          }
          Map<String, Object> data = agentHas.add(taskId) ? Map.of("message", "ok") : Map.of("message", "already have it", "duplicate", true);
          return CompletableFuture.completedFuture(Map.of("message", Map.of("status", 0L, "data", data)));
        };
    DispatchSettings settings =
        new DispatchSettings(Duration.ofSeconds(2), 3, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(60), idleHold, hold);
    TaskDispatcher d = new TaskDispatcher(store, agent, settings, "b1");
    toClose.add(d);
    return d;
  }

  private Document task() {
    return tasks.find(Filters.eq(ID, "t1")).first();
  }

  private int sends() {
    synchronized (sent) {
      return sent.size();
    }
  }

  private List<String> history() {
    return task().getList(HISTORY, Document.class).stream().map(d -> d.getString(STATUS)).toList();
  }

  @Test
  void dispatchedAndTheAgentsStartedAreOneUpdate() {
    RpcStore store = store();
    TaskDispatcher dispatcher = dispatcher(store, LONG_HOLD, LONG_HOLD);
    writes.clear();
    assertThat(dispatcher.enqueue(List.of("t1"))).isEqualTo(1);
    await().atMost(Duration.ofSeconds(30)).until(() -> store.heldTransitions() == 1);
    assertThat(task().getString(STATUS)).isEqualTo("NEW");

    TaskReports reports = new TaskReports(store);
    assertThat(reports.update(TaskUpdate.started("t1", null, 3.0)).applied()).isTrue();
    assertThat(reports.complete(new TaskCompletion("t1", null, TaskStatus.SUCCESS, "hi", null, null, null, null, null)).applied()).isTrue();

    assertThat(history()).containsExactly("NEW", "DISPATCHED", "STARTED", "SUCCESS");
    assertThat(writes.to("rpc_tasks").stream().filter(w -> w.kind().equals("update")).count()).isEqualTo(2);
    assertThat(jobs.find(Filters.eq(ID, "j1")).first().get(COUNTS, Document.class).getLong("SUCCESS")).isEqualTo(1);
    assertThat(jobs.find(Filters.eq(ID, "j1")).first().get(TIME_COMPLETED)).isNotNull();
  }

  @Test
  void theDefaultIdleHoldOutlastsTheAgentsHeldStarted() {
    // After it takes a task a Mercury agent sends nothing for up to STARTED_HOLD (it waits for the
    // result, which then stands for the STARTED): an idle hold shorter than that wrote DISPATCHED alone
    // for every task longer than it, and a result arriving then waited behind that write.
    assertThat(DispatchSettings.defaults().dispatchedIdleHold()).isGreaterThanOrEqualTo(ResultReporter.STARTED_HOLD.multipliedBy(2));
  }

  @Test
  void aHeldDispatchedIsWrittenWhenNoReportComesAndTheStoreIsIdle() {
    RpcStore store = store();
    TaskDispatcher dispatcher = dispatcher(store, Duration.ofMillis(10), LONG_HOLD);

    dispatcher.enqueue(List.of("t1"));

    await().atMost(Duration.ofSeconds(30)).until(() -> "DISPATCHED".equals(task().getString(STATUS)));
    assertThat(task().getString(ACTION)).isEqualTo("Dispatched");
    assertThat(task().get(TIME_DISPATCHED)).isNotNull();
    assertThat(sends()).isEqualTo(1);
  }

  @Test
  void aBackendKilledDuringTheHoldLeavesTheTaskNewAndItsRestartSendsItAgain() {
    RpcStore dying = store();
    TaskDispatcher before = dispatcher(dying, LONG_HOLD, LONG_HOLD);
    before.enqueue(List.of("t1"));
    await().atMost(Duration.ofSeconds(30)).until(() -> dying.heldTransitions() == 1);
    before.close(); // killed: its held DISPATCHED never reaches the store
    assertThat(task().getString(STATUS)).isEqualTo("NEW");

    TaskDispatcher restarted = dispatcher(store(), Duration.ofMillis(10), Duration.ofMillis(10));
    assertThat(restarted.recover()).isEqualTo(1);

    // Sent again; the agent, which has it, answers it as a duplicate (status 0): now DISPATCHED.
    await().atMost(Duration.ofSeconds(30)).until(() -> "DISPATCHED".equals(task().getString(STATUS)));
    assertThat(sent).containsExactly("t1", "t1");
    assertThat(history()).containsExactly("NEW", "DISPATCHED");
  }
}
