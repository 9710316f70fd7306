package io.mercury.cli.output;

import io.mercury.common.protocol.frontend.JobDocument;
import io.mercury.common.protocol.frontend.TaskDocument;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * {@code mcli rpc job ID}: a job for people. A summary (what ran where, who asked, when, how long, how
 * it went), then one line per task: its device, state, duration and, for a failure, why. With
 * {@code --output}, each task's result as {@code rpc --wait} prints it. Tasks are listed by
 * {@code mercury_id}, so two looks at one job line up.
 *
 * <pre>
 * job_id        5f0c...
 * state         finished
 * method        run 'uname -r'
 * ...
 * tasks         2: 1 SUCCESS, 1 ERROR
 *
 * TASK_ID  MERCURY_ID  STATE    DURATION  REASON
 * 7c1e...  0120...     SUCCESS  0.6s      -
 * </pre>
 */
public final class JobView {
  /** A query longer than this is cut: a job on a thousand ids would fill the screen. */
  static final int MAX_QUERY = 160;

  private static final Comparator<TaskDocument> BY_DEVICE =
      Comparator.comparing(t -> String.valueOf(t.mercuryId()));

  private JobView() {}

  /**
   * The summary, a blank line, then the task lines.
   *
   * @param now the time to measure a running job and its running tasks against
   */
  public static String render(JobDocument job, List<TaskDocument> tasks, Instant now) {
    return summary(job, now) + "\n" + tasks(tasks, now);
  }

  /** The summary lines alone. */
  public static String summary(JobDocument job, Instant now) {
    return new Summary()
        .add("job_id", Cells.text(job.jobId()))
        .add("state", state(job))
        .add("method", Calls.of(job))
        .add("query", job.query() == null ? null : Cells.cut(Json.line(job.query()), MAX_QUERY))
        .add("requested_by", Cells.text(job.requestedBy()))
        .add("created", Times.utc(job.timeCreated()))
        .add("finished", Times.utc(job.timeCompleted()))
        .add("duration", duration(job.timeCreated(), job.timeCompleted(), now))
        .add("tasks", job.taskCount() + ": " + StateCounts.text(job.counts()))
        .render();
  }

  /** One line per task, by device; {@code no tasks} when there are none. */
  public static String tasks(List<TaskDocument> tasks, Instant now) {
    if (tasks.isEmpty()) {
      return "no tasks\n";
    }
    List<Table.Column> columns =
        List.of(
            new Table.Column("TASK_ID", false),
            new Table.Column("MERCURY_ID", false),
            new Table.Column("STATE", false),
            new Table.Column("DURATION", false),
            new Table.Column("REASON", false));
    List<List<String>> rows =
        tasks.stream()
            .sorted(BY_DEVICE)
            .map(
                t ->
                    List.of(
                        Cells.text(t.taskId()),
                        Cells.text(t.mercuryId()),
                        Cells.text(t.status()),
                        duration(t.timeStarted(), t.timeCompleted(), now),
                        TaskVerdict.failureReason(t)))
            .toList();
    return Table.render(columns, rows);
  }

  /**
   * {@code --output}: per task, by device, a {@code == MERCURY_ID STATE} headline and its result as
   * {@link TaskResults} prints it; a task still open says so.
   */
  public static String output(List<TaskDocument> tasks) {
    StringBuilder out = new StringBuilder();
    for (TaskDocument task : tasks.stream().sorted(BY_DEVICE).toList()) {
      if (task.done()) {
        out.append(TaskResults.block(task));
      } else {
        out.append("== ").append(Cells.text(task.mercuryId())).append(' ').append(Cells.text(task.status()))
            .append(": no result yet\n");
      }
    }
    return out.toString();
  }

  /** {@code finished}, or {@code running (N of M tasks open)}; then who cancelled it, if anyone did. */
  private static String state(JobDocument job) {
    String state;
    if (job.done()) {
      state = "finished";
    } else {
      long open = job.remaining() != null ? job.remaining() : job.taskCount() - StateCounts.done(job.counts());
      state = "running (" + open + " of " + job.taskCount() + " tasks open)";
    }
    if (job.cancelled()) {
      state += ", cancelled" + (job.cancelledBy() != null ? " by " + job.cancelledBy() : "");
    }
    return state;
  }

  /**
   * From {@code start} to {@code end}; while {@code end} is unknown, to {@code now} and marked
   * {@code so far}; {@code -} before the start.
   */
  static String duration(Double start, Double end, Instant now) {
    if (start == null) {
      return Cells.NONE;
    }
    if (end != null) {
      return Times.between(start, end);
    }
    return Times.between(start, now.toEpochMilli() / 1000.0) + " so far";
  }
}
