package io.mercury.rpc.frontend;

import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * A job ready to be stored: the job document, its task documents, and the open tasks grouped by the
 * address of the backend that dispatches them.
 */
public record JobPlan(Document job, List<Document> tasks, Map<String, List<String>> openTasksByBackend) {
  public String jobId() {
    return job.getString("_id");
  }
}
