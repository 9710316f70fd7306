package io.mercury.rpc.store;

import static io.mercury.rpc.model.TaskDocs.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.protocol.TaskStatus;
import io.mercury.rpc.model.Job;
import io.mercury.rpc.model.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.junit.jupiter.api.Test;

/**
 * The records' documents are the ones the frontend wrote before there were records: the same fields,
 * in the same order, with the same bson types (compared as extended JSON, which shows int32 against
 * int64 and a date against a double).
 */
class CodecTest {
  private static final JsonWriterSettings EXACT = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();
  private static final double NOW = 1.7652e9 + 0.25;

  private static Task newTask() {
    return new Task(
        "t1", "j1", "m1", "10.0.0.1", 9004L, "b1", "tcp://10.0.0.2:9002", "echo", List.of("hi"),
        Map.of("n", 1L), 30.0, TaskStatus.NEW, "New Task", 0.0, Map.of(), null, null,
        NOW, null, null, NOW, null, null, List.of(new Task.Event(TaskStatus.NEW, NOW, null)));
  }

  /** A new task as JobFactory built it before the records. */
  private static Document storedNewTask() {
    return new Document(ID, "t1")
        .append(TASK_ID, "t1")
        .append(JOB_ID, "j1")
        .append(MERCURY_ID, "m1")
        .append(HOST, "10.0.0.1")
        .append(PORT, 9004L)
        .append(BACKEND, "b1")
        .append("backend_address", "tcp://10.0.0.2:9002")
        .append(METHOD, "echo")
        .append(ARGS, List.of("hi"))
        .append(KWARGS, Map.of("n", 1L))
        .append(TIMEOUT, 30.0)
        .append(STATUS, "NEW")
        .append(ACTION, "New Task")
        .append(PROGRESS, 0.0)
        .append(MESSAGE, new Document())
        .append(TRACEBACK, null)
        .append(REASON, null)
        .append(TIME_CREATED, NOW)
        .append(TIME_DISPATCHED, null)
        .append(TIME_STARTED, null)
        .append(TIME_UPDATED, NOW)
        .append(TIME_COMPLETED, null)
        .append(TTL_TIME_COMPLETED, null)
        .append(HISTORY, new ArrayList<>(List.of(new Document(STATUS, "NEW").append("time", NOW))));
  }

  @Test
  void aNewTaskIsTheDocumentTheFrontendAlwaysWrote() {
    assertThat(TaskCodec.encode(newTask()).toJson(EXACT)).isEqualTo(storedNewTask().toJson(EXACT));
  }

  @Test
  void aRefusedTaskIsTheDocumentTheFrontendAlwaysWrote() {
    Document expected = storedNewTask();
    String why = "m1 does not advertise method 'echo'";
    expected.append(STATUS, "ERROR")
        .append(ACTION, "Refused")
        .append(REASON, why)
        .append(MESSAGE, why)
        .append(TIME_COMPLETED, NOW + 1)
        .append(TTL_TIME_COMPLETED, Date.from(Instant.ofEpochMilli(Math.round((NOW + 1) * 1000))));
    expected.getList(HISTORY, Document.class).add(new Document(STATUS, "ERROR").append("time", NOW + 1).append(REASON, why));
    assertThat(TaskCodec.encode(newTask().refused(why, NOW + 1)).toJson(EXACT)).isEqualTo(expected.toJson(EXACT));
  }

  @Test
  void aTaskReadBackIsTheTaskWritten() {
    Task refused = newTask().refused("no", NOW + 1);
    assertThat(TaskCodec.decode(TaskCodec.encode(newTask()))).isEqualTo(newTask());
    assertThat(TaskCodec.decode(TaskCodec.encode(refused))).isEqualTo(refused);
  }

  @Test
  void aPartialTaskDecodesWithNulls() {
    Task t = TaskCodec.decode(new Document(ID, "t1").append(STATUS, "DISPATCHED").append(PORT, 9004));
    assertThat(t.taskId()).isEqualTo("t1");
    assertThat(t.status()).isEqualTo(TaskStatus.DISPATCHED);
    assertThat(t.port()).isEqualTo(9004);
    assertThat(t.host()).isNull();
    assertThat(t.args()).isEmpty();
    assertThat(t.history()).isEmpty();
  }

  @Test
  void aNewJobIsTheDocumentTheFrontendAlwaysWrote() {
    Map<String, Long> counts = new LinkedHashMap<>();
    JobCounters.emptyCounts().keySet().forEach(s -> counts.put(s, 0L));
    Job job = new Job("j1", Map.of("method", "echo"), Map.of("mercury_id", "m1"), "op", 0L, 1L, counts, false, "j1", NOW, NOW, NOW, null, null);
    Document expected =
        new Document(ID, "j1")
            .append(JOB_ID, "j1")
            .append(INSTRUCTION, Map.of("method", "echo"))
            .append(QUERY, Map.of("mercury_id", "m1"))
            .append(REQUESTED_BY, "op")
            .append(TASK_COUNT, 0L)
            .append(REMAINING, 1L)
            .append(COUNTS, new Document(JobCounters.emptyCounts()))
            .append(CANCELLED, false)
            .append(JobCounters.CREATING, "j1")
            .append(TIME_CREATED, NOW)
            .append(TIME_STARTED, NOW)
            .append(TIME_UPDATED, NOW)
            .append(TIME_COMPLETED, null)
            .append(TTL_TIME_COMPLETED, null);
    assertThat(JobCodec.encode(job).toJson(EXACT)).isEqualTo(expected.toJson(EXACT));
  }
}
