package io.mercury.cli.output;

import io.mercury.common.protocol.frontend.JobDocument;
import io.mercury.common.protocol.frontend.JobStatus;
import io.mercury.common.protocol.frontend.TaskDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Jobs, tasks and a job's status as tables (times in UTC, {@code -} where unset). */
public final class JobTables {
  /** The ARGS column's width: enough for a short command line, narrow enough for a terminal. */
  static final int MAX_ARGS = 32;

  private JobTables() {}

  /**
   * {@code mcli rpc jobs}: one row per job, in the given order. ARGS is the instruction's arguments as
   * {@link Calls} writes them, cut to {@value #MAX_ARGS} characters.
   */
  public static String jobs(List<JobDocument> jobs) {
    List<Table.Column> columns =
        List.of(
            new Table.Column("JOB_ID", false),
            new Table.Column("METHOD", false),
            new Table.Column("ARGS", false),
            new Table.Column("TARGETS", true),
            new Table.Column("COUNTS", false),
            new Table.Column("CREATED", false),
            new Table.Column("COMPLETED", false),
            new Table.Column("REQUESTED_BY", false));
    List<List<String>> rows =
        jobs.stream()
            .map(
                j ->
                    List.of(
                        Cells.text(j.jobId()),
                        Cells.text(j.method()),
                        args(j),
                        Long.toString(j.taskCount()),
                        StateCounts.text(j.counts()),
                        Times.utc(j.timeCreated()),
                        Times.utc(j.timeCompleted()),
                        Cells.text(j.requestedBy())))
            .toList();
    return Table.render(columns, rows);
  }

  /** {@code mcli rpc job ID --tasks}: one row per task, in the given order. */
  public static String tasks(List<TaskDocument> tasks) {
    List<Table.Column> columns =
        List.of(
            new Table.Column("TASK_ID", false),
            new Table.Column("MERCURY_ID", false),
            new Table.Column("STATUS", false),
            new Table.Column("STARTED", false),
            new Table.Column("COMPLETED", false),
            new Table.Column("REASON", false));
    List<List<String>> rows =
        tasks.stream()
            .map(
                t ->
                    List.of(
                        Cells.text(t.taskId()),
                        Cells.text(t.mercuryId()),
                        Cells.text(t.status()),
                        Times.utc(t.timeStarted()),
                        Times.utc(t.timeCompleted()),
                        TaskVerdict.failureReason(t)))
            .toList();
    return Table.render(columns, rows);
  }

  private static String args(JobDocument job) {
    return Cells.cut(Cells.text(Calls.arguments(job)), MAX_ARGS);
  }

  /** {@code mcli rpc job ID --status}: the job's state, then its tasks' ids and statuses. */
  public static String status(JobStatus status) {
    JobDocument job = status.job();
    boolean failures = status.hasFailures();
    List<List<String>> fields = new ArrayList<>();
    fields.add(List.of("job_id", Cells.text(job.jobId())));
    fields.add(List.of("method", Cells.text(job.method())));
    fields.add(List.of("targets", Long.toString(job.taskCount())));
    fields.add(List.of("requested_by", Cells.text(job.requestedBy())));
    fields.add(List.of("created", Times.utc(job.timeCreated())));
    fields.add(List.of("completed", Times.utc(job.timeCompleted())));
    fields.add(List.of("counts", StateCounts.text(status.counts())));
    fields.add(List.of("has_failures", failures ? "yes" : "no"));
    String head =
        Table.render(List.of(new Table.Column("", false), new Table.Column("", false)), fields);
    List<List<String>> rows =
        status.tasks().stream()
            .map(t -> List.of(Cells.text(t.taskId()), Cells.text(t.status())))
            .toList();
    String tasks =
        Table.render(List.of(new Table.Column("TASK_ID", false), new Table.Column("STATUS", false)), rows);
    return head.substring(head.indexOf('\n') + 1) + "\n" + tasks;
  }

  /**
   * {@code mcli rpc list}: a device's capabilities ({@code active.capabilities}), sorted by name. The
   * arguments column is the descriptor's {@code arguments} signature, else derived from
   * {@code num_args} and {@code kwarg_names}.
   */
  public static String capabilities(Map<String, Object> capabilities) {
    List<Table.Column> columns =
        List.of(
            new Table.Column("NAME", false),
            new Table.Column("ARGUMENTS", false),
            new Table.Column("SERIAL", false),
            new Table.Column("TIMEOUT", true),
            new Table.Column("DESCRIPTION", false));
    List<List<String>> rows =
        capabilities.keySet().stream()
            .sorted()
            .map(name -> capabilityRow(name, capabilities.get(name)))
            .toList();
    return Table.render(columns, rows);
  }

  private static List<String> capabilityRow(String name, Object descriptor) {
    Map<?, ?> d = descriptor instanceof Map<?, ?> m ? m : Map.of();
    String serial = d.get("serial") instanceof Boolean b ? (b ? "yes" : "no") : Cells.NONE;
    return List.of(
        name,
        arguments(d),
        serial,
        Cells.text(d.get("timeout")),
        Cells.text(d.get("description")));
  }

  private static String arguments(Map<?, ?> d) {
    if (d.get("arguments") instanceof String s && !s.isBlank()) {
      return Cells.text(s);
    }
    List<String> parts = new ArrayList<>();
    if (d.get("num_args") instanceof Number n && n.longValue() > 0) {
      parts.add(n.longValue() == 1 ? "1 arg" : n.longValue() + " args");
    }
    if (d.get("kwarg_names") instanceof List<?> names && !names.isEmpty()) {
      parts.add("kwargs: " + Cells.text(names));
    }
    return parts.isEmpty() ? Cells.NONE : String.join("; ", parts);
  }
}
