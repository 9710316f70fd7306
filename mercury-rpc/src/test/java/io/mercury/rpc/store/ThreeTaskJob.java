package io.mercury.rpc.store;

import static io.mercury.rpc.model.TaskDocs.*;

import io.mercury.common.protocol.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** The store tests' fixture: job {@code j1} with tasks {@code t1}, {@code t2}, {@code t3}, all NEW. */
final class ThreeTaskJob {
  private ThreeTaskJob() {}

  static void insert(RpcStore store) {
    List<Document> docs = new ArrayList<>();
    for (String id : List.of("t1", "t2", "t3")) {
      docs.add(
          new Document(ID, id)
              .append(TASK_ID, id)
              .append(JOB_ID, "j1")
              .append(STATUS, TaskStatus.NEW.name())
              .append(HISTORY, new ArrayList<>(List.of(new Document(STATUS, "NEW")))));
    }
    Map<String, Object> counts = JobCounters.emptyCounts();
    counts.put("NEW", 3L);
    store.insertJob(
        new Document(ID, "j1").append(REMAINING, 3L).append(COUNTS, new Document(counts)).append(TIME_COMPLETED, null),
        docs);
  }
}
