package io.mercury.chaos;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a README command into one that runs on this stack: the README's placeholders become real ids
 * and its fixed ports the stack's. Placeholders: {@code MERCURY_ID} (the local agent's device),
 * {@code JOB_ID} (a job an earlier line started), {@code TASK_ID} (a task of that job),
 * {@code install.ipxe} (a script written for the test); ports: the API's {@code :9005}, boot's
 * {@code :5000} and the second stack's {@code --port-base 19000}.
 */
final class TourVariables {
  static final Pattern JOB_LINE = Pattern.compile("^job ([0-9a-f]{8}-[0-9a-f-]{27}):");
  private static final Pattern TASK_ID_FIELD = Pattern.compile("\"task_id\":\"([0-9a-f-]{36})\"");

  /** Thrown when a line needs a value no earlier line produced. */
  static final class Unresolved extends RuntimeException {
    Unresolved(String message) {
      super(message);
    }
  }

  private final String mercuryId;
  private final Path script;
  private final TourStack stack;
  private final Map<String, String> jobs = new HashMap<>();
  private final Map<String, String> tasks = new HashMap<>();

  TourVariables(String mercuryId, Path script, TourStack stack) {
    this.mercuryId = mercuryId;
    this.script = script;
    this.stack = stack;
  }

  /** Keeps, under {@code name}, the job a line's output announces ({@code job <uuid>: N targets}). */
  Optional<String> keepJob(String name, ShellLine.Outcome outcome) {
    Optional<String> id =
        outcome.lines().stream().map(JOB_LINE::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst();
    id.ifPresent(j -> jobs.put(name, j));
    return id;
  }

  /** {@code readme} as it runs here; {@code job} is the kept job that {@code JOB_ID} stands for. */
  String substitute(String readme, String job) {
    String line = readme;
    line = replace(line, "\\bMERCURY_ID\\b", () -> mercuryId);
    line = replace(line, "\\bJOB_ID\\b", () -> job(job));
    line = replace(line, "\\bTASK_ID\\b", () -> task(job));
    line = replace(line, "(?<=\\s)install\\.ipxe\\b", script::toString);
    line = replace(line, "(?<=127\\.0\\.0\\.1:)9005\\b", () -> Integer.toString(stack.apiPort()));
    line = replace(line, "(?<=127\\.0\\.0\\.1:)5000\\b", () -> Integer.toString(stack.bootPort()));
    // the README's second stack, "beside the first", comes right after its 'down': here the same
    // stack starts again on its own ports and home, showing that its data stayed
    line = replace(line, "(?<=--port-base )19000\\b", () -> Integer.toString(stack.portBase()));
    return line;
  }

  private static String replace(String line, String regex, Supplier<String> value) {
    Matcher m = Pattern.compile(regex).matcher(line);
    return m.find() ? m.replaceAll(Matcher.quoteReplacement(value.get())) : line;
  }

  private String job(String name) {
    String id = jobs.get(name);
    if (id == null) {
      throw new Unresolved("JOB_ID: no job kept as '" + name + "' (the line that starts it failed or printed no 'job <id>:')");
    }
    return id;
  }

  /** The first task of the job, from {@code mcli rpc job JOB_ID --tasks --json}. */
  private String task(String jobName) {
    return tasks.computeIfAbsent(jobName, name -> {
      String command = "bin/mcli rpc job " + job(name) + " --tasks --json";
      ShellLine.Outcome outcome = stack.run(command, TourExpectation.RUN_LIMIT);
      return outcome.lines().stream()
          .map(TASK_ID_FIELD::matcher)
          .filter(Matcher::find)
          .map(m -> m.group(1))
          .findFirst()
          .orElseThrow(() -> new Unresolved("TASK_ID: '" + command + "' printed no task_id (" + outcome.describe() + "):\n" + outcome.tail(5)));
    });
  }
}
