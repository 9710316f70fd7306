package io.mercury.rpc.store;

import static io.mercury.rpc.model.TaskDocs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mercury.common.protocol.TaskStatus;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transitions of one task that share a batch are written as one update, with the outcome of writing
 * them one by one. The first bulk write is held until the test has queued the rest, so they share the
 * second batch.
 */
class RpcStoreBatchTest {
  private MongoServer mongo;
  private MongoClient client;
  private MongoCollection<Document> jobs;
  private MongoCollection<Document> tasks;
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch firstWriteStarted = new CountDownLatch(1);
  private Runnable beforeSecondWrite = () -> {};
  private RpcStore store;

  @BeforeEach
  void setUp() {
    mongo = new MongoServer(new MemoryBackend());
    client = MongoClients.create(mongo.bindAndGetConnectionString());
    MongoDatabase db = client.getDatabase("mercury");
    jobs = db.getCollection("rpc_jobs");
    tasks = db.getCollection("rpc_tasks");
    store = new RpcStore(jobs, heldBulkWrites(tasks), InstantSource.system());
    store.ensureIndexes(Duration.ofDays(1));
    ThreeTaskJob.insert(store);
  }

  @AfterEach
  void tearDown() {
    store.close();
    client.close();
    mongo.shutdownNow();
  }

  /** {@code tasks}, with its first bulkWrite held until {@link #release}. */
  @SuppressWarnings("unchecked")
  private MongoCollection<Document> heldBulkWrites(MongoCollection<Document> target) {
    int[] bulks = new int[1];
    return (MongoCollection<Document>)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {MongoCollection.class},
            (p, method, args) -> {
              if (method.getName().equals("bulkWrite")) {
                if (bulks[0]++ == 0) {
                  firstWriteStarted.countDown();
                  release.await(30, TimeUnit.SECONDS);
                } else if (bulks[0] == 2) {
                  beforeSecondWrite.run();
                }
              }
              try {
                return method.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private CompletableFuture<Optional<TaskStatus>> move(String task, Set<TaskStatus> from, TaskStatus to, Map<String, Object> fields) {
    return store.transitionAsync(task, from, to, fields, null);
  }

  private Document task(String id) {
    return tasks.find(Filters.eq(ID, id)).first();
  }

  private Document job() {
    return jobs.find(Filters.eq(ID, "j1")).first();
  }

  @Test
  void aTasksTransitionsInOneBatchApplyInOrderAsOneUpdate() throws Exception {
    var t3 = move("t3", Set.of(TaskStatus.NEW), TaskStatus.DISPATCHED, Map.of());
    assertThat(firstWriteStarted.await(30, TimeUnit.SECONDS)).isTrue();
    var dispatched = move("t1", Set.of(TaskStatus.NEW), TaskStatus.DISPATCHED, Map.of("action", "sent"));
    var started = move("t1", Set.of(TaskStatus.NEW, TaskStatus.DISPATCHED), TaskStatus.STARTED, Map.of("action", "running"));
    var again = move("t1", Set.of(TaskStatus.NEW), TaskStatus.DISPATCHED, Map.of());
    var done = move("t1", TaskStatus.OPEN, TaskStatus.SUCCESS, Map.of("message", "hi"));
    var other = move("t2", TaskStatus.OPEN, TaskStatus.ERROR, Map.of());
    release.countDown();

    assertThat(t3.get(30, TimeUnit.SECONDS)).contains(TaskStatus.NEW);
    assertThat(dispatched.get(30, TimeUnit.SECONDS)).contains(TaskStatus.NEW);
    assertThat(started.get(30, TimeUnit.SECONDS)).contains(TaskStatus.DISPATCHED);
    assertThat(again.get(30, TimeUnit.SECONDS)).isEmpty();
    assertThat(done.get(30, TimeUnit.SECONDS)).contains(TaskStatus.STARTED);
    assertThat(other.get(30, TimeUnit.SECONDS)).contains(TaskStatus.NEW);
    Document t1 = task("t1");
    assertThat(t1.getString(STATUS)).isEqualTo("SUCCESS");
    assertThat(t1.getString("action")).isEqualTo("running");
    assertThat(t1.getString("message")).isEqualTo("hi");
    assertThat(t1.getList(HISTORY, Document.class)).extracting(d -> d.getString(STATUS))
        .containsExactly("NEW", "DISPATCHED", "STARTED", "SUCCESS");
    assertThat(t1.get(TIME_DISPATCHED)).isNotNull();
    assertThat(t1.get(TIME_STARTED)).isNotNull();
    assertThat(t1.get(TIME_COMPLETED)).isNotNull();
    Document counts = job().get(COUNTS, Document.class);
    assertThat(counts.getLong("NEW")).isZero();
    assertThat(counts.getLong("DISPATCHED")).isEqualTo(1);
    assertThat(counts.getLong("SUCCESS")).isEqualTo(1);
    assertThat(counts.getLong("ERROR")).isEqualTo(1);
    assertThat(job().getLong(REMAINING)).isEqualTo(1);
  }

  @Test
  void aTaskChangedByAnotherProcessBeforeTheBulkLosesAllItsTransitionsOfTheBatch() throws Exception {
    var t3 = move("t3", Set.of(TaskStatus.NEW), TaskStatus.DISPATCHED, Map.of());
    assertThat(firstWriteStarted.await(30, TimeUnit.SECONDS)).isTrue();
    var dispatched = move("t1", Set.of(TaskStatus.NEW), TaskStatus.DISPATCHED, Map.of());
    var done = move("t1", TaskStatus.OPEN, TaskStatus.SUCCESS, Map.of());
    var other = move("t2", Set.of(TaskStatus.NEW), TaskStatus.DISPATCHED, Map.of());
    // Another backend cancels t1 after this batch read its state, before the bulk is written.
    beforeSecondWrite = () -> tasks.updateOne(Filters.eq(ID, "t1"), Updates.set(STATUS, "CANCELLED"));
    release.countDown();

    assertThat(t3.get(30, TimeUnit.SECONDS)).isPresent();
    assertThat(dispatched.get(30, TimeUnit.SECONDS)).isEmpty();
    assertThat(done.get(30, TimeUnit.SECONDS)).isEmpty();
    assertThat(other.get(30, TimeUnit.SECONDS)).contains(TaskStatus.NEW);
    assertThat(task("t1").getString(STATUS)).isEqualTo("CANCELLED");
    assertThat(task("t2").getString(STATUS)).isEqualTo("DISPATCHED");
    assertThat(job().get(COUNTS, Document.class).getLong("DISPATCHED")).isEqualTo(2);
  }

  @Test
  void aHeldTransitionWaitsPastItsIdleHoldWhileTheWriterIsBusyAndJoinsTheTasksNextOne() throws Exception {
    var t3 = move("t3", Set.of(TaskStatus.NEW), TaskStatus.DISPATCHED, Map.of());
    assertThat(firstWriteStarted.await(30, TimeUnit.SECONDS)).isTrue();
    var dispatched = store.transitionHeld("t1", Set.of(TaskStatus.NEW), TaskStatus.DISPATCHED, Map.of(), null, Duration.ofMillis(1), Duration.ofHours(1));

    // The writer is busy (its bulk write is held): the transition stays held.
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(30)).until(() -> store.heldTransitions() == 1);
    var started = move("t1", Set.of(TaskStatus.NEW, TaskStatus.DISPATCHED), TaskStatus.STARTED, Map.of());
    release.countDown();

    assertThat(t3.get(30, TimeUnit.SECONDS)).contains(TaskStatus.NEW);
    assertThat(dispatched.get(30, TimeUnit.SECONDS)).contains(TaskStatus.NEW);
    assertThat(started.get(30, TimeUnit.SECONDS)).contains(TaskStatus.DISPATCHED);
    assertThat(task("t1").getList(HISTORY, Document.class)).extracting(d -> d.getString(STATUS))
        .containsExactly("NEW", "DISPATCHED", "STARTED");
    assertThat(store.heldTransitions()).isZero();
  }
}
