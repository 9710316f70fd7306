package io.mercury.cli.output;

import io.mercury.common.protocol.frontend.TaskDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code mcli rpc task ID}: a task for people. A summary (which device ran what, how it ended and why,
 * when, how long; a traceback as its last line), then {@code -- output} with the result as
 * {@code rpc --wait} prints it, then {@code -- history}, each state the task went through with its time.
 * With {@code verbose}, {@code -- traceback} prints the whole trace: a Java stack of forty frames is
 * noise unless one is debugging the capability.
 *
 * <pre>
 * task_id     7c1e...
 * mercury_id  0120...
 * method      run 'ls /nope'
 * state       ERROR
 * reason      the command exited with status 2
 * ...
 * returncode  2
 * -- output
 * -- stderr
 * ls: cannot access '/nope': No such file or directory
 * -- history
 * 2026-12-01T09:30:00Z  NEW
 * 2026-12-01T09:30:02Z  ERROR  the command exited with status 2
 * </pre>
 */
public final class TaskView {
  private TaskView() {}

  /**
   * The whole view.
   *
   * @param verbose print the whole traceback, not only its last line
   * @param now the time to measure a running task against
   */
  public static String render(TaskDocument task, boolean verbose, Instant now) {
    Traceback traceback = Traceback.of(task.traceback());
    StringBuilder out = new StringBuilder(summary(task, traceback, verbose, now));
    String result = output(task);
    if (!result.isEmpty()) {
      out.append("-- output\n").append(result);
    }
    if (verbose && traceback != null) {
      out.append("-- traceback (most recent call last)\n");
      traceback.lines().forEach(l -> out.append(l).append('\n'));
    }
    List<List<String>> history = history(task.history());
    if (!history.isEmpty()) {
      out.append("-- history\n");
      out.append(Table.body(history));
    }
    return out.toString();
  }

  private static String summary(TaskDocument task, Traceback traceback, boolean verbose, Instant now) {
    Summary summary =
        new Summary()
            .add("task_id", Cells.text(task.taskId()))
            .add("job_id", Cells.text(task.jobId()))
            .add("mercury_id", Cells.text(task.mercuryId()))
            .add("method", Calls.of(task))
            .add("state", state(task));
    String reason = TaskVerdict.failureReason(task);
    if (!reason.equals(Cells.NONE)) {
      summary.add("reason", reason);
    }
    if (task.host() != null) {
      summary.add("agent", agent(task));
    }
    summary
        .add("created", time(task, "time_created"))
        .add("dispatched", time(task, "time_dispatched"))
        .add("started", time(task, "time_started"))
        .add("finished", time(task, "time_completed"))
        .add("duration", JobView.duration(task.timeStarted(), task.timeCompleted(), now));
    if (task.document().get("timeout") instanceof Number timeout && timeout.doubleValue() > 0) {
      summary.add("timeout", Cells.text(timeout) + "s");
    }
    Long rc = TaskVerdict.returnCode(task.message());
    if (rc != null) {
      summary.add("returncode", Long.toString(rc));
    }
    if (traceback != null) {
      String hint = verbose || traceback.frames().isEmpty() ? "" : "  (" + frames(traceback) + "; -v shows them)";
      summary.add("traceback", traceback.lastLine() + hint);
    }
    return summary.render();
  }

  /** The status; for an open task, its last action and progress as the agent reported them. */
  private static String state(TaskDocument task) {
    String status = Cells.text(task.status());
    if (task.done()) {
      return status;
    }
    List<String> details = new ArrayList<>();
    String action = task.action();
    if (action != null && !action.isBlank()) {
      details.add(action);
    }
    Double progress = task.progress();
    if (progress != null && progress > 0) {
      details.add(Math.round(progress * 100) + "%");
    }
    return details.isEmpty() ? status : status + " (" + String.join(", ", details) + ")";
  }

  private static String agent(TaskDocument task) {
    String agent = Cells.text(task.host()) + (task.port() == null ? "" : ":" + Cells.text(task.port()));
    return task.backend() != null ? agent + " (backend " + task.backend() + ")" : agent;
  }

  private static String time(TaskDocument task, String field) {
    return Times.utc(Times.epochSeconds(task.time(field)));
  }

  private static String frames(Traceback traceback) {
    int n = traceback.frames().size();
    return n == 1 ? "1 frame" : n + " frames";
  }

  /**
   * The result, unless it only repeats the reason: a task refused at creation carries its reason as its
   * message too.
   */
  private static String output(TaskDocument task) {
    Object message = task.message();
    if (message instanceof String s && s.strip().equals(String.valueOf(task.reason()).strip())) {
      return "";
    }
    return TaskResults.result(message);
  }

  /** {@code time  STATE  reason}, then any other field the entry holds as {@code key=value}. */
  private static List<List<String>> history(Object history) {
    List<List<String>> rows = new ArrayList<>();
    if (!(history instanceof List<?> entries)) {
      return rows;
    }
    for (Object e : entries) {
      Map<?, ?> entry = e instanceof Map<?, ?> m ? m : Map.of();
      List<String> rest = new ArrayList<>();
      if (entry.get("reason") != null) {
        rest.add(Cells.text(entry.get("reason")));
      }
      entry.forEach(
          (k, v) -> {
            if (!List.of("time", "status", "reason").contains(String.valueOf(k))) {
              rest.add(k + "=" + Outline.scalar(String.valueOf(k), "history", v));
            }
          });
      rows.add(
          List.of(
              Times.utc(Times.epochSeconds(entry.get("time"))),
              Cells.text(entry.get("status")),
              String.join("  ", rest)));
    }
    return rows;
  }
}
