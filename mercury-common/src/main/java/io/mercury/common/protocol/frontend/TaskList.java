package io.mercury.common.protocol.frontend;

import java.util.List;
import java.util.Objects;

/**
 * The reply of {@code get_job_tasks} and {@code get_active_tasks_by_mercury_id}: {@code {count, tasks}}.
 *
 * @param count how many tasks there are (the frontend sends the list's size)
 * @param tasks the task documents
 */
public record TaskList(long count, List<TaskDocument> tasks) {
  public TaskList {
    Objects.requireNonNull(tasks, "tasks is null");
    tasks = List.copyOf(tasks);
  }

  /** A list of all of {@code tasks}. */
  public static TaskList of(List<TaskDocument> tasks) {
    return new TaskList(tasks.size(), tasks);
  }
}
