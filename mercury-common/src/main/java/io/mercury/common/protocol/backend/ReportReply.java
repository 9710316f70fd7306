package io.mercury.common.protocol.backend;

/**
 * What {@code update_task} and {@code complete_task} answer: {@code {"task_id", "applied"}} plus {@code
 * ignored: <why>} for a report that changed nothing. The original backend answers {@code "accepted"},
 * read as {@link #ACCEPTED}.
 *
 * @param taskId the task reported, or null from the original backend
 * @param ignored why the report changed nothing, or null
 */
public record ReportReply(String taskId, boolean applied, String ignored) {
  /** The original backend's bare acknowledgement. */
  public static final ReportReply ACCEPTED = new ReportReply(null, true, null);
}
