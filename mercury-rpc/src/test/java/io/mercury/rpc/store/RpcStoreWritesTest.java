package io.mercury.rpc.store;

import static io.mercury.rpc.model.TaskDocs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.protocol.backend.TaskCompletion;
import io.mercury.rpc.testing.StoreWrites;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The writes of a task's and a job's life: how many, and that each names a unique index the embedded
 * store answers from (mongo-java-server's query engine; the in-memory backend shares it with the H2 one).
 */
class RpcStoreWritesTest {
  private static final Duration LONG_HOLD = Duration.ofHours(1);
  private static final EnumSet<TaskStatus> NEW = EnumSet.of(TaskStatus.NEW);
  private static final EnumSet<TaskStatus> STARTABLE = EnumSet.of(TaskStatus.NEW, TaskStatus.DISPATCHED);

  private final StoreWrites writes = new StoreWrites();
  private MongoServer mongo;
  private MongoClient client;
  private MongoCollection<Document> jobs;
  private MongoCollection<Document> tasks;
  private RpcStore store;

  @BeforeEach
  void setUp() {
    mongo = new MongoServer(new MemoryBackend());
    client = writes.client(mongo.bindAndGetConnectionString());
    MongoDatabase db = client.getDatabase("mercury");
    jobs = db.getCollection("rpc_jobs");
    tasks = db.getCollection("rpc_tasks");
    store = new RpcStore(jobs, tasks, InstantSource.system());
    store.ensureIndexes(Duration.ofDays(1));
    ThreeTaskJob.insert(store);
  }

  @AfterEach
  void tearDown() {
    store.close();
    client.close();
    mongo.shutdownNow();
  }

  private Document task(String id) {
    return tasks.find(Filters.eq(ID, id)).first();
  }

  private Document job() {
    return jobs.find(Filters.eq(ID, "j1")).first();
  }

  private static <T> T done(CompletableFuture<T> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  private List<String> history(String id) {
    return task(id).getList(HISTORY, Document.class).stream().map(d -> d.getString(STATUS)).toList();
  }

  @Test
  void aTaskWhoseStartedComesWithinTheHoldIsTwoUpdatesAndItsJobCountsStayExact() throws Exception {
    writes.clear();
    var dispatched = store.transitionHeld("t1", NEW, TaskStatus.DISPATCHED, Map.of(ACTION, "Dispatched"), null, LONG_HOLD, LONG_HOLD);
    assertThat(store.heldTransitions()).isEqualTo(1);
    assertThat(store.transition("t1", STARTABLE, TaskStatus.STARTED, Map.of(TIME_STARTED, 12.5), null)).contains(TaskStatus.DISPATCHED);
    assertThat(done(dispatched)).contains(TaskStatus.NEW);
    assertThat(store.heldTransitions()).isZero();
    assertThat(writes.to("rpc_tasks")).hasSize(1);
    assertThat(task("t1").getString(STATUS)).isEqualTo("STARTED");

    assertThat(store.transition("t1", TaskStatus.OPEN, TaskStatus.SUCCESS, Map.of(MESSAGE, "hi"), null)).contains(TaskStatus.STARTED);

    assertThat(writes.to("rpc_tasks")).hasSize(2);
    assertThat(history("t1")).containsExactly("NEW", "DISPATCHED", "STARTED", "SUCCESS");
    assertThat(task("t1").get(TIME_DISPATCHED)).isNotNull();
    assertThat(task("t1").get(TIME_STARTED)).isEqualTo(12.5);
    Document counts = job().get(COUNTS, Document.class);
    assertThat(counts.getLong("NEW")).isEqualTo(2);
    assertThat(counts.getLong("DISPATCHED")).isZero();
    assertThat(counts.getLong("STARTED")).isZero();
    assertThat(counts.getLong("SUCCESS")).isEqualTo(1);
    assertThat(job().getLong(REMAINING)).isEqualTo(2);
    // One counter update per batch, by _id.
    assertThat(writes.to("rpc_jobs")).hasSize(2);
  }

  @Test
  void aResultReportedWithItsStartIsOneUpdateWithTheHeldDispatchAndTheHistoryOfThree() throws Exception {
    writes.clear();
    var dispatched = store.transitionHeld("t1", NEW, TaskStatus.DISPATCHED, Map.of(ACTION, "Dispatched"), null, LONG_HOLD, LONG_HOLD);
    TaskReports reports = new TaskReports(store);

    TaskReports.Outcome outcome =
        reports.complete(new TaskCompletion("t1", null, TaskStatus.SUCCESS, "hi", null, 12.5, 12.6, null, null));

    assertThat(outcome.applied()).isTrue();
    assertThat(done(dispatched)).contains(TaskStatus.NEW);
    assertThat(writes.to("rpc_tasks")).hasSize(1);
    assertThat(history("t1")).containsExactly("NEW", "DISPATCHED", "STARTED", "SUCCESS");
    assertThat(task("t1").get(TIME_DISPATCHED)).isNotNull();
    assertThat(task("t1").get(TIME_STARTED)).isEqualTo(12.5);
    assertThat(task("t1").getString(STATUS)).isEqualTo("SUCCESS");
    Document counts = job().get(COUNTS, Document.class);
    assertThat(counts.getLong("NEW")).isEqualTo(2);
    assertThat(counts.getLong("DISPATCHED")).isZero();
    assertThat(counts.getLong("STARTED")).isZero();
    assertThat(counts.getLong("SUCCESS")).isEqualTo(1);
    assertThat(job().getLong(REMAINING)).isEqualTo(2);
    assertThat(writes.to("rpc_jobs")).hasSize(1);
  }

  @Test
  void aResultOfATaskAlreadyStartedKeepsItsStart() throws Exception {
    assertThat(store.transition("t1", STARTABLE, TaskStatus.STARTED, Map.of(TIME_STARTED, 10.0), null)).isPresent();
    writes.clear();

    new TaskReports(store).complete(new TaskCompletion("t1", null, TaskStatus.SUCCESS, "hi", null, 12.5, null, null, null));

    assertThat(history("t1")).containsExactly("NEW", "STARTED", "SUCCESS");
    assertThat(task("t1").get(TIME_STARTED)).isEqualTo(10.0);
    assertThat(writes.to("rpc_tasks")).hasSize(1);
    assertThat(job().get(COUNTS, Document.class).getLong("STARTED")).isZero();
    assertThat(job().get(COUNTS, Document.class).getLong("SUCCESS")).isEqualTo(1);
  }

  @Test
  void stepsOfOneTaskThatDoNotApplyAreSkippedAndTheRestApply() {
    List<java.util.Optional<TaskStatus>> left =
        store.transitions(
            "t2",
            List.of(
                new TransitionWriter.Step(EnumSet.of(TaskStatus.STARTED), TaskStatus.SUCCESS, Map.of(), null),
                new TransitionWriter.Step(NEW, TaskStatus.DISPATCHED, Map.of(), null),
                new TransitionWriter.Step(TaskStatus.OPEN, TaskStatus.ERROR, Map.of(), "gone")));

    assertThat(left).containsExactly(java.util.Optional.empty(), java.util.Optional.of(TaskStatus.NEW), java.util.Optional.of(TaskStatus.DISPATCHED));
    assertThat(history("t2")).containsExactly("NEW", "DISPATCHED", "ERROR");
    assertThat(job().get(COUNTS, Document.class).getLong("ERROR")).isEqualTo(1);
    assertThat(job().get(COUNTS, Document.class).getLong("DISPATCHED")).isZero();
  }

  @Test
  void aHeldTransitionIsWrittenAfterItsIdleHoldWhenTheWriterHasNothingElseToDo() throws Exception {
    var dispatched = store.transitionHeld("t2", NEW, TaskStatus.DISPATCHED, Map.of(ACTION, "Dispatched"), null, Duration.ofMillis(10), LONG_HOLD);

    assertThat(done(dispatched)).contains(TaskStatus.NEW);
    assertThat(task("t2").getString(STATUS)).isEqualTo("DISPATCHED");
    assertThat(store.heldTransitions()).isZero();
  }

  @Test
  void aHeldTransitionIsWrittenWhenItsHoldEndsWithoutAReport() throws Exception {
    var dispatched = store.transitionHeld("t2", NEW, TaskStatus.DISPATCHED, Map.of(ACTION, "Dispatched"), null, LONG_HOLD, Duration.ofMillis(50));

    assertThat(done(dispatched)).contains(TaskStatus.NEW);
    assertThat(task("t2").getString(STATUS)).isEqualTo("DISPATCHED");
    assertThat(task("t2").getString(ACTION)).isEqualTo("Dispatched");
    assertThat(job().get(COUNTS, Document.class).getLong("DISPATCHED")).isEqualTo(1);
    assertThat(store.heldTransitions()).isZero();
  }

  @Test
  void aHeldTransitionOvertakenByTheAgentsReportWritesNothing() throws Exception {
    // The STARTED report is written before the hold ends: DISPATCHED from NEW no longer applies.
    var dispatched = store.transitionHeld("t1", NEW, TaskStatus.DISPATCHED, Map.of(), null, Duration.ofMillis(50), Duration.ofMillis(50));
    assertThat(store.transition("t1", STARTABLE, TaskStatus.STARTED, Map.of(), null)).isPresent();

    assertThat(done(dispatched)).contains(TaskStatus.NEW);
    assertThat(history("t1")).containsExactly("NEW", "DISPATCHED", "STARTED");

    writes.clear();
    var late = store.transitionHeld("t1", NEW, TaskStatus.DISPATCHED, Map.of(), null, Duration.ofMillis(50), Duration.ofMillis(50));
    assertThat(done(late)).isEmpty();
    assertThat(writes.all()).isEmpty();
  }

  @Test
  void aProcessThatDiesDuringTheHoldLeavesTheTaskNewInTheStore() throws Exception {
    var held = store.transitionHeld("t3", NEW, TaskStatus.DISPATCHED, Map.of(ACTION, "Dispatched"), null, LONG_HOLD, LONG_HOLD);

    // What another process (the restarted backend) reads while this one holds the transition.
    try (RpcStore restarted = new RpcStore(jobs, tasks, InstantSource.system())) {
      assertThat(restarted.task("t3").orElseThrow().get(STATUS)).isEqualTo("NEW");
      assertThat(restarted.transition("t3", NEW, TaskStatus.DISPATCHED, Map.of(), null)).contains(TaskStatus.NEW);
    }
    // The held one, written at last (close), finds the task no longer NEW and changes nothing.
    store.close();
    assertThat(done(held)).isEmpty();
    assertThat(history("t3")).containsExactly("NEW", "DISPATCHED");
    assertThat(job().get(COUNTS, Document.class).getLong("DISPATCHED")).isEqualTo(1);
  }

  @Test
  void closeWritesWhatIsHeld() throws Exception {
    var held = store.transitionHeld("t2", NEW, TaskStatus.DISPATCHED, Map.of(), null, LONG_HOLD, LONG_HOLD);

    store.close();

    assertThat(done(held)).contains(TaskStatus.NEW);

    assertThat(task("t2").getString(STATUS)).isEqualTo("DISPATCHED");
  }

  @Test
  void aTransitionHeldAfterCloseIsRefused() {
    store.close();

    assertThatThrownBy(() -> store.transitionHeld("t2", NEW, TaskStatus.DISPATCHED, Map.of(), null, LONG_HOLD, LONG_HOLD))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store.heldTransitions()).isZero();
    assertThat(task("t2").getString(STATUS)).isEqualTo("NEW");
  }

  @Test
  void progressOnAnOpenTaskIsAnIndexedUpdateAndOnAFinishedOneNoWriteAtAll() {
    writes.clear();
    assertThat(store.updateOpenTask("t1", Map.of(PROGRESS, 0.5, ACTION, "half"))).isTrue();
    assertThat(task("t1").get(PROGRESS)).isEqualTo(0.5);
    assertThat(task("t1").getString(STATUS)).isEqualTo("NEW");
    assertThat(writes.to("rpc_tasks")).singleElement().satisfies(w -> assertThat(StoreWrites.indexAnswers(w.filter(), tasks)).isTrue());
    assertThat(writes.to("rpc_jobs")).isEmpty();

    store.transition("t1", TaskStatus.OPEN, TaskStatus.SUCCESS, Map.of(), null);
    writes.clear();
    assertThat(store.updateOpenTask("t1", Map.of(PROGRESS, 0.9))).isFalse();
    assertThat(store.updateOpenTask("nope", Map.of(PROGRESS, 0.9))).isFalse();
    assertThat(writes.all()).isEmpty();
    assertThat(task("t1").get(PROGRESS)).isEqualTo(0.5);
  }

  @Test
  void everyWriteOfAJobsLifeIsAnsweredByAUniqueIndex() throws Exception {
    var held = store.transitionHeld("t1", NEW, TaskStatus.DISPATCHED, Map.of(ACTION, "Dispatched"), null, LONG_HOLD, LONG_HOLD);
    store.transition("t1", STARTABLE, TaskStatus.STARTED, Map.of(), null);
    assertThat(done(held)).contains(TaskStatus.NEW);
    store.updateOpenTask("t1", Map.of(PROGRESS, 0.5));
    store.transition("t1", TaskStatus.OPEN, TaskStatus.SUCCESS, Map.of(MESSAGE, "hi"), null);
    done(store.transitionHeld("t2", NEW, TaskStatus.DISPATCHED, Map.of(), null, Duration.ofMillis(10), Duration.ofMillis(10)));
    store.transition("t2", TaskStatus.OPEN, TaskStatus.ERROR, Map.of(), "failed");
    store.markCancelled("j1", "test");
    store.transition("t3", TaskStatus.OPEN, TaskStatus.CANCELLED, Map.of(), "cancelled by test");
    store.recount("j1");

    assertThat(job().get(TIME_COMPLETED)).isNotNull();
    assertThat(job().getLong(REMAINING)).isZero();
    List<StoreWrites.Write> all = writes.all();
    assertThat(all).extracting(StoreWrites.Write::kind).contains("insert", "update", "findAndModify");
    for (StoreWrites.Write w : all) {
      if (w.filter() != null) {
        MongoCollection<Document> c = w.collection().equals("rpc_jobs") ? jobs : tasks;
        assertThat(StoreWrites.indexAnswers(w.filter(), c)).as("%s on %s by %s", w.kind(), w.collection(), w.filter()).isTrue();
      }
    }
  }

  @Test
  void aJobIsCompletedOnceByItsLastTask() throws Exception {
    for (String id : List.of("t1", "t2", "t3")) {
      store.transition(id, TaskStatus.OPEN, TaskStatus.SUCCESS, Map.of(), null);
    }
    Object completed = job().get(TIME_COMPLETED);
    assertThat(completed).isNotNull();

    store.recount("j1");

    // The completion's {_id, time_completed: null} matches a completed job no more.
    assertThat(job().get(TIME_COMPLETED)).isEqualTo(completed);
  }

  @Test
  void theIndexRuleTellsAScanFromAnIndexAnswer() {
    // The filters the old code used (the driver writes Filters.and as $and): each scanned its collection.
    assertThat(StoreWrites.indexAnswers(org.bson.BsonDocument.parse("{$and: [{_id: 't1'}, {status: {$in: ['NEW', 'STARTED']}}]}"), tasks)).isFalse();
    assertThat(StoreWrites.indexAnswers(org.bson.BsonDocument.parse("{$and: [{_id: 'j1'}, {time_completed: null}]}"), jobs)).isFalse();
    assertThat(StoreWrites.indexAnswers(org.bson.BsonDocument.parse("{_id: 't1', status: {$in: ['NEW', 'STARTED']}}"), tasks)).isFalse();
    assertThat(StoreWrites.indexAnswers(org.bson.BsonDocument.parse("{_id: 'j1', time_completed: null}"), tasks)).isFalse();
    assertThat(StoreWrites.indexAnswers(org.bson.BsonDocument.parse("{_id: 'j1', time_completed: null}"), jobs)).isTrue();
    assertThat(StoreWrites.indexAnswers(org.bson.BsonDocument.parse("{job_id: 'j1'}"), tasks)).isFalse();
    assertThat(StoreWrites.indexAnswers(org.bson.BsonDocument.parse("{_id: {$in: ['t1', 't2']}}"), tasks)).isTrue();
    assertThat(StoreWrites.indexAnswers(org.bson.BsonDocument.parse("{_id: 't1', status: 'NEW'}"), tasks)).isTrue();
  }

}
