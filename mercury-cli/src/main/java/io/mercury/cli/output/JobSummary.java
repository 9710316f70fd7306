package io.mercury.cli.output;

import io.mercury.cli.ExitCode;
import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.protocol.frontend.TaskDocument;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The end of a waited-for job: a headline with the counts, the failed targets and the targets that did
 * not answer, each with its reason, and the exit code (0 only when every target succeeded, else
 * {@link ExitCode#PARTIAL}).
 *
 * <pre>
 * SUMMARY job 5f0c...: 3 targets, 1 SUCCESS, 1 ERROR, 1 STARTED in 2.5s
 * failed (1):
 *   0130f0e1...  ERROR  disk on fire
 * no reply (1):
 *   0000...      STARTED  still STARTED when the wait ended
 * </pre>
 */
public final class JobSummary {
  private JobSummary() {}

  /** The summary lines, each ending with a newline; {@code tasks} in the order to list them. */
  public static String render(String jobId, List<TaskDocument> tasks, Duration elapsed) {
    StringBuilder out = new StringBuilder(headline(jobId, tasks, elapsed)).append('\n');
    section(out, "failed", tasks, TaskVerdict.FAILED);
    section(out, "no reply", tasks, TaskVerdict.NO_REPLY);
    return out.toString();
  }

  /** The first line alone, no newline. */
  public static String headline(String jobId, List<TaskDocument> tasks, Duration elapsed) {
    Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
    long unknown = 0;
    for (TaskDocument task : tasks) {
      if (task.state().isPresent()) {
        counts.merge(task.state().get(), 1L, Long::sum);
      } else {
        unknown++;
      }
    }
    String states = StateCounts.text(counts) + (unknown > 0 ? ", " + unknown + " other" : "");
    return "SUMMARY job " + jobId + ": " + targets(tasks.size()) + ", " + states
        + " in " + Times.seconds(elapsed);
  }

  /** {@link ExitCode#OK} when every task succeeded, else {@link ExitCode#PARTIAL}. */
  public static ExitCode exitCode(List<TaskDocument> tasks) {
    return tasks.stream().allMatch(t -> TaskVerdict.of(t) == TaskVerdict.SUCCEEDED)
        ? ExitCode.OK
        : ExitCode.PARTIAL;
  }

  private static void section(
      StringBuilder out, String title, List<TaskDocument> tasks, TaskVerdict verdict) {
    List<TaskDocument> matching = tasks.stream().filter(t -> TaskVerdict.of(t) == verdict).toList();
    if (matching.isEmpty()) {
      return;
    }
    out.append(title).append(" (").append(matching.size()).append("):\n");
    List<List<String>> rows =
        matching.stream()
            .map(t -> List.of(Cells.text(t.mercuryId()), Cells.text(t.status()), TaskVerdict.reason(t)))
            .toList();
    Table.render(
            List.of(new Table.Column("", false), new Table.Column("", false), new Table.Column("", false)),
            rows)
        .lines()
        .skip(1)
        .forEach(line -> out.append("  ").append(line).append('\n'));
  }

  private static String targets(long n) {
    return n == 1 ? "1 target" : n + " targets";
  }
}
