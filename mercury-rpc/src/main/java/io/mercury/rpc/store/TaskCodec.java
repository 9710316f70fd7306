package io.mercury.rpc.store;

import static io.mercury.rpc.model.TaskDocs.*;

import io.mercury.common.protocol.TaskStatus;
import io.mercury.rpc.model.Task;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * {@link Task} ⇄ its {@code rpc_tasks} document. The fields are written in the order the frontend has
 * always written them, so a stored task is the same document, field for field.
 */
final class TaskCodec {
  static final String BACKEND_ADDRESS = "backend_address";
  private static final String TIME = "time";

  private TaskCodec() {}

  static Document encode(Task t) {
    List<Document> history = new ArrayList<>(t.history().size());
    for (Task.Event e : t.history()) {
      Document entry = new Document(STATUS, e.status().name()).append(TIME, e.time());
      if (e.reason() != null) {
        entry.append(REASON, e.reason());
      }
      history.add(entry);
    }
    return new Document(ID, t.taskId())
        .append(TASK_ID, t.taskId())
        .append(JOB_ID, t.jobId())
        .append(MERCURY_ID, t.mercuryId())
        .append(HOST, t.host())
        .append(PORT, t.port())
        .append(BACKEND, t.backend())
        .append(BACKEND_ADDRESS, t.backendAddress())
        .append(METHOD, t.method())
        .append(ARGS, t.args())
        .append(KWARGS, t.kwargs())
        .append(TIMEOUT, t.timeout())
        .append(STATUS, t.status().name())
        .append(ACTION, t.action())
        .append(PROGRESS, t.progress())
        .append(MESSAGE, t.message() instanceof Map<?, ?> m ? new Document(cast(m)) : t.message())
        .append(TRACEBACK, t.traceback())
        .append(REASON, t.reason())
        .append(TIME_CREATED, t.timeCreated())
        .append(TIME_DISPATCHED, t.timeDispatched())
        .append(TIME_STARTED, t.timeStarted())
        .append(TIME_UPDATED, t.timeUpdated())
        .append(TIME_COMPLETED, t.timeCompleted())
        .append(TTL_TIME_COMPLETED, t.ttlTimeCompleted() == null ? null : Date.from(t.ttlTimeCompleted()))
        .append(HISTORY, history);
  }

  static List<Document> encode(List<Task> tasks) {
    return tasks.stream().map(TaskCodec::encode).toList();
  }

  /**
   * The task in {@code d}; a field it lacks (or holds with another type) is null in the record. Maps
   * are copied out of their documents at the top level, nested ones stay as read.
   */
  static Task decode(Document d) {
    List<Task.Event> history = new ArrayList<>();
    if (d.get(HISTORY) instanceof List<?> entries) {
      for (Object o : entries) {
        if (o instanceof Document e && e.get(STATUS) instanceof String s) {
          history.add(new Task.Event(TaskStatus.parse(s), number(e.get(TIME), 0.0), string(e.get(REASON))));
        }
      }
    }
    return new Task(
        d.getString(ID),
        string(d.get(JOB_ID)),
        string(d.get(MERCURY_ID)),
        string(d.get(HOST)),
        d.get(PORT),
        string(d.get(BACKEND)),
        string(d.get(BACKEND_ADDRESS)),
        string(d.get(METHOD)),
        d.get(ARGS) instanceof List<?> args ? new ArrayList<Object>(args) : null,
        d.get(KWARGS) instanceof Map<?, ?> kwargs ? new LinkedHashMap<>(cast(kwargs)) : null,
        number(d.get(TIMEOUT), null),
        TaskStatus.parse(d.getString(STATUS)),
        string(d.get(ACTION)),
        number(d.get(PROGRESS), null),
        d.get(MESSAGE) instanceof Map<?, ?> m ? new LinkedHashMap<>(cast(m)) : d.get(MESSAGE),
        string(d.get(TRACEBACK)),
        string(d.get(REASON)),
        number(d.get(TIME_CREATED), null),
        number(d.get(TIME_DISPATCHED), null),
        number(d.get(TIME_STARTED), null),
        number(d.get(TIME_UPDATED), null),
        number(d.get(TIME_COMPLETED), null),
        d.get(TTL_TIME_COMPLETED) instanceof Date ttl ? ttl.toInstant() : null,
        history);
  }

  static List<Task> decode(List<Document> docs) {
    return docs.stream().map(TaskCodec::decode).toList();
  }

  private static String string(Object o) {
    return o instanceof String s ? s : null;
  }

  private static Double number(Object o, Double otherwise) {
    return o instanceof Number n ? n.doubleValue() : otherwise;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
