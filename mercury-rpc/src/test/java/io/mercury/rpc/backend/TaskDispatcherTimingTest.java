package io.mercury.rpc.backend;

import static io.mercury.rpc.model.TaskDocs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.time.ManualTimeSource;
import io.mercury.common.transport.Reach;
import io.mercury.common.transport.TransportException;
import io.mercury.rpc.link.AgentRequests;
import io.mercury.rpc.store.JobCounters;
import io.mercury.rpc.store.RpcStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's timers on a manual clock: the back-off between dispatch attempts, the task's
 * timeout and grace, the resend of a task that never started, and the retry cut short by the agent's
 * channel. The store (in memory) dates its writes by the same clock; only its short hold of DISPATCHED
 * runs on its own timer, so that write is awaited.
 */
class TaskDispatcherTimingTest {
  private static final Duration HOLD = Duration.ofMillis(1);

  private final ManualTimeSource time = new ManualTimeSource();
  /** What the fake agent was sent: the message's category and the time it was sent at. */
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<Duration> callTimes = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private MongoServer mongo;
  private MongoClient client;
  private MongoCollection<Document> tasks;
  private RpcStore store;

  @BeforeEach
  void setUp() {
    mongo = new MongoServer(new MemoryBackend());
    client = MongoClients.create(mongo.bindAndGetConnectionString());
    MongoDatabase db = client.getDatabase("mercury");
    MongoCollection<Document> jobs = db.getCollection("rpc_jobs");
    tasks = db.getCollection("rpc_tasks");
    store = new RpcStore(jobs, tasks, time);
    store.ensureIndexes(Duration.ofDays(1));
    Map<String, Object> counts = JobCounters.emptyCounts();
    counts.put("NEW", 1L);
    jobs.insertOne(new Document(ID, "j1").append(REMAINING, 1L).append(COUNTS, new Document(counts)).append(TIME_COMPLETED, null));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : toClose.reversed()) {
      c.close();
    }
    store.close();
    client.close();
    mongo.shutdownNow();
  }

  private void insertTask(TaskStatus status, Double timeout) {
    tasks.insertOne(
        new Document(ID, "t1")
            .append(TASK_ID, "t1")
            .append(JOB_ID, "j1")
            .append(MERCURY_ID, "m1")
            .append(HOST, "127.0.0.1")
            .append(PORT, 1L)
            .append(BACKEND, "b1")
            .append(METHOD, "echo")
            .append(ARGS, List.of("hi"))
            .append(TIMEOUT, timeout)
            .append(STATUS, status.name())
            .append(HISTORY, new ArrayList<>(List.of(new Document(STATUS, status.name())))));
  }

  /** An agent that refuses the first {@code refusals} messages, then takes every task. */
  private AgentRequests agent(int refusals) {
    return (mercuryId, address, message, timeout) -> {
      calls.add(String.valueOf(((Map<?, ?>) message).get("category")));
      callTimes.add(Duration.ofNanos(time.nanos()));
      if (calls.size() <= refusals) {
        return CompletableFuture.failedFuture(new TransportException("cannot connect to " + address + ": connection refused", Reach.REFUSED, Duration.ZERO, false));
      }
      return CompletableFuture.completedFuture(Map.of("message", Map.of("status", 0L, "data", Map.of("message", "ok"))));
    };
  }

  private TaskDispatcher dispatcher(AgentRequests agent, DispatchSettings settings) {
    TaskDispatcher d = new TaskDispatcher(store, agent, settings, "b1", time);
    toClose.add(d);
    return d;
  }

  private static DispatchSettings settings(Duration attemptTimeout, int attempts, Duration firstRetry, Duration resendAfter, Duration sweepInterval) {
    return new DispatchSettings(attemptTimeout, attempts, firstRetry, Duration.ofSeconds(2), resendAfter, sweepInterval, HOLD, HOLD);
  }

  private Document task() {
    return tasks.find(Filters.eq(ID, "t1")).first();
  }

  private void awaitTask(Predicate<Document> condition) {
    await().atMost(Duration.ofSeconds(10)).until(() -> condition.test(task()));
  }

  @Test
  void aRefusedDispatchIsRetriedAfterItsBackOffAndTheRestOfItsTimeoutAndFailsAfterTheLastAttempt() {
    insertTask(TaskStatus.NEW, null);
    TaskDispatcher dispatcher = dispatcher(agent(Integer.MAX_VALUE), settings(Duration.ofSeconds(5), 3, Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofMinutes(10)));

    dispatcher.enqueue(List.of("t1"));
    time.runDue();
    time.advance(Duration.ofMillis(5999));
    assertThat(callTimes).containsExactly(Duration.ZERO);
    time.advance(Duration.ofMillis(1)); // 1 s back-off + the 5 s the refused attempt did not wait
    time.advance(Duration.ofSeconds(7)); // 2 s + 5 s

    assertThat(callTimes).containsExactly(Duration.ZERO, Duration.ofSeconds(6), Duration.ofSeconds(13));
    assertThat(task().getString(STATUS)).isEqualTo("ERROR");
    assertThat(task().getString(MESSAGE)).startsWith("m1 at tcp://127.0.0.1:1 did not take the task: no reply after 3 attempts (");
    assertThat(dispatcher.openCount()).isZero();
  }

  @Test
  void aTaskWaitingForItsRetryIsSentWhenTheAgentsChannelIsBound() {
    insertTask(TaskStatus.NEW, null);
    // the first dispatch finds nothing listening; the retry would wait out the attempt's minute
    TaskDispatcher dispatcher = dispatcher(agent(1), settings(Duration.ofMinutes(1), 3, Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofMinutes(10)));
    dispatcher.enqueue(List.of("t1"));
    time.runDue();
    assertThat(calls).hasSize(1);

    dispatcher.agentReachable("another-device"); // not this task's agent: nothing is sent
    time.runDue();
    assertThat(calls).hasSize(1);
    dispatcher.agentReachable("m1");
    time.runDue(); // no time passes: the retry's two minutes are not waited

    assertThat(callTimes).containsExactly(Duration.ZERO, Duration.ZERO);
    awaitTask(t -> "DISPATCHED".equals(t.getString(STATUS)));
    time.advance(Duration.ofMinutes(5)); // the retry that was cut short sends nothing
    assertThat(calls).hasSize(2);
  }

  @Test
  void aStartedTaskThatOutlivesItsTimeoutAndGraceEndsTimeoutAndItsAgentIsToldToStop() {
    insertTask(TaskStatus.STARTED, 5.0);
    TaskDispatcher dispatcher = dispatcher(agent(0), settings(Duration.ofSeconds(5), 3, Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofMinutes(10)));

    assertThat(dispatcher.enqueue(List.of("t1"))).isEqualTo(1);
    time.advance(Duration.ofMillis(6999));
    assertThat(task().getString(STATUS)).isEqualTo("STARTED");
    time.advance(Duration.ofMillis(1));

    assertThat(task().getString(STATUS)).isEqualTo("TIMEOUT");
    assertThat(task().getString(MESSAGE)).isEqualTo("no result within the task's timeout of 5 s (plus 2 s grace); the agent was told to stop it");
    assertThat(calls).containsExactly("cancel");
    assertThat(dispatcher.openCount()).isZero();
  }

  @Test
  void aTaskThatStartsInTimeIsNotTimedOutByTheDeadlineOfItsDispatch() {
    insertTask(TaskStatus.NEW, 5.0);
    TaskDispatcher dispatcher = dispatcher(agent(0), settings(Duration.ofSeconds(5), 3, Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofMinutes(10)));
    dispatcher.enqueue(List.of("t1"));
    time.runDue();
    time.advance(Duration.ofSeconds(6));

    dispatcher.started("t1"); // its timeout runs from here: 5 s + 2 s
    time.advance(Duration.ofSeconds(6));
    assertThat(dispatcher.openCount()).isEqualTo(1);
    dispatcher.finished("t1");
    time.advance(Duration.ofMinutes(1));

    assertThat(calls).containsExactly("rpc");
  }

  @Test
  void aDispatchedTaskThatNeverStartsIsSentAgainByTheSweepOnceResendAfterHasPassed() {
    insertTask(TaskStatus.NEW, null);
    TaskDispatcher dispatcher = dispatcher(agent(0), settings(Duration.ofSeconds(5), 3, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(10)));
    dispatcher.start();
    dispatcher.enqueue(List.of("t1"));
    time.runDue();
    awaitTask(t -> "DISPATCHED".equals(t.getString(STATUS)));

    time.advance(Duration.ofSeconds(60)); // sweeps at 10 … 60 s: not more than a minute yet
    assertThat(calls).containsExactly("rpc");
    time.advance(Duration.ofSeconds(10));

    assertThat(calls).containsExactly("rpc", "rpc");
    assertThat(callTimes).containsExactly(Duration.ZERO, Duration.ofSeconds(70));
  }
}
