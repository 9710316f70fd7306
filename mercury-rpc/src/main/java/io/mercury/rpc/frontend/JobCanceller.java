package io.mercury.rpc.frontend;

import static io.mercury.rpc.model.TaskDocs.*;

import io.mercury.common.protocol.TaskStatus;
import io.mercury.rpc.model.Task;
import io.mercury.rpc.store.RpcStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Cancels the open tasks of a job: each one that is still open becomes CANCELLED, and the backends
 * that dispatched them are asked to stop them on their agents.
 */
final class JobCanceller {
  private final RpcStore store;
  private final BackendNotifier backends;

  JobCanceller(RpcStore store, BackendNotifier backends) {
    this.store = store;
    this.backends = backends;
  }

  /** Cancels every task of the job that is still open; returns how many this call cancelled. */
  long cancelOpenTasks(String jobId, String who) {
    Map<String, List<String>> running = new LinkedHashMap<>();
    long cancelled = 0;
    // Queued together, so the store writes them in a few batches rather than one batch per task.
    List<Task> open = store.openTasksOfJob(jobId);
    List<CompletableFuture<Optional<TaskStatus>>> queued = new ArrayList<>(open.size());
    for (Task t : open) {
      queued.add(store.transitionAsync(t.taskId(), TaskStatus.OPEN, TaskStatus.CANCELLED, Map.of(ACTION, "Cancelled"), "cancelled by " + who));
    }
    for (int i = 0; i < open.size(); i++) {
      if (joined(queued.get(i)).isPresent()) {
        cancelled++;
        String backend = open.get(i).backendAddress();
        if (backend != null) {
          running.computeIfAbsent(backend, k -> new ArrayList<>()).add(open.get(i).taskId());
        }
      }
    }
    running.forEach(backends::cancel);
    return cancelled;
  }

  private static Optional<TaskStatus> joined(CompletableFuture<Optional<TaskStatus>> transition) {
    try {
      return transition.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
