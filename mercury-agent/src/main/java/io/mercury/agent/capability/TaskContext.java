package io.mercury.agent.capability;

/** What a running capability knows about its task and how it reports progress. */
public interface TaskContext {
  String taskId();

  String jobId();

  /** The agent's device id. */
  String mercuryId();

  /**
   * Reports progress to the backend as {@code update_task {task_id, job_id, action, progress}}. Never
   * blocks on the backend and never fails the task.
   *
   * @param action what is happening, e.g. {@code "Downloading kernel"}
   * @param fraction 0 to 1
   */
  void progress(String action, double fraction);
}
