package io.mercury.rpc.store;

import static io.mercury.rpc.model.TaskDocs.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import io.mercury.common.protocol.TaskStatus;
import io.mercury.rpc.model.Task;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Tasks ({@code rpc_tasks}) as stored and read: inserts of new tasks and every query of them. A task's
 * state changes only through the {@link TransitionWriter}. Stateless over the collection: safe from
 * any thread.
 */
public final class TaskStore {
  private static final int INSERT_CHUNK = 1000;

  private final MongoCollection<Document> tasks;

  TaskStore(MongoCollection<Document> tasks) {
    this.tasks = tasks;
  }

  /** Inserts tasks of a job already stored, in a few unordered bulk inserts. */
  public void insert(List<Task> jobTasks) {
    insertDocuments(TaskCodec.encode(jobTasks));
  }

  /** Inserts task documents as they are (the store's tests write partial ones). */
  void insertDocuments(List<Document> jobTasks) {
    for (int i = 0; i < jobTasks.size(); i += INSERT_CHUNK) {
      tasks.insertMany(
          jobTasks.subList(i, Math.min(jobTasks.size(), i + INSERT_CHUNK)),
          new InsertManyOptions().ordered(false));
    }
  }

  /** A whole task document, with what agents and transitions added to it, or empty when there is none. */
  public Optional<Document> task(String taskId) {
    return Optional.ofNullable(tasks.find(Filters.eq(ID, taskId)).first());
  }

  public List<Task> byIds(Collection<String> taskIds) {
    return TaskCodec.decode(tasks.find(Filters.in(ID, taskIds)).into(new ArrayList<>()));
  }

  /**
   * A job's tasks as a client asked for them, in creation order (then by device): the fields of
   * {@code projection} (null: whole tasks).
   */
  public List<Map<String, Object>> ofJob(String jobId, Map<String, Object> projection) {
    return tasks
        .find(Filters.eq(JOB_ID, jobId))
        .projection(StoreQueries.projection(projection))
        .sort(Sorts.ascending(TIME_CREATED, MERCURY_ID))
        .into(new ArrayList<>());
  }

  /** The open tasks of a job. */
  public List<Task> openOfJob(String jobId) {
    return TaskCodec.decode(open(Filters.eq(JOB_ID, jobId)));
  }

  /** The open tasks that target a device, whole, as a client sees them. */
  public List<Map<String, Object>> openOnDevice(String mercuryId) {
    return new ArrayList<>(open(Filters.eq(MERCURY_ID, mercuryId)));
  }

  /** The open tasks that a backend dispatches. */
  public List<Task> openOfBackend(String backend) {
    return TaskCodec.decode(open(Filters.eq(BACKEND, backend)));
  }

  /** Up to {@code limit} task ids that start with {@code prefix}, in id order. */
  public List<String> idsStartingWith(String prefix, int limit) {
    return StoreQueries.idsStartingWith(tasks, prefix, limit);
  }

  /** Tasks not yet in a terminal state that match {@code filter}. */
  private List<Document> open(Bson filter) {
    Bson open = Filters.in(STATUS, TaskStatus.OPEN.stream().map(Enum::name).toList());
    return tasks.find(Filters.and(filter, open)).into(new ArrayList<>());
  }
}
