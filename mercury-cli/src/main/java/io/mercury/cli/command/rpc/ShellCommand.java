package io.mercury.cli.command.rpc;

import io.mercury.cli.CliContext;
import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.Mcli;
import io.mercury.cli.client.RpcClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.output.JobSummary;
import io.mercury.cli.output.Json;
import io.mercury.cli.output.ProgressPrinter;
import io.mercury.cli.output.ShellOutput;
import io.mercury.common.command.ShellWords;
import io.mercury.common.protocol.frontend.CreateJobReply;
import io.mercury.common.protocol.frontend.Instruction;
import io.mercury.common.protocol.frontend.TaskDocument;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcli shell -q JSON | -t ID... | FILTER...}: runs each line of stdin with {@code run} on every
 * target, waits, and prints the output per device (each line prefixed with a short label of its
 * mercury_id) and a summary line. {@code exit}, {@code quit} or end of input ends it; blank lines and
 * {@code #} comments are skipped. A prompt is shown only when stdin is a terminal, so scripts pipe
 * lines in.
 *
 * <p>The line is sent whole as {@code run}'s single argument (the agent splits it, as the original's
 * does); it is split here first only to reject unbalanced quotes before anything is sent.
 *
 * <p>Exit status: 0 when every line succeeded on every target, 3 when some target failed or did not
 * answer, 1 when a line could not be run at all (no active target, bad quoting, rpc unreachable).
 */
@Command(
    name = "shell",
    mixinStandardHelpOptions = true,
    description = {
      "Run each line of stdin as a command ('run') on every matching active device.",
      "Examples:",
      "  mcli shell dmi.sys_vendor=HPE",
      "  echo 'uname -a' | mcli shell -t 0120a1b2..."
    })
public final class ShellCommand implements Callable<Integer> {
  static final String PROMPT = "mercury> ";
  private static final String METHOD = "run";

  @ParentCommand private Mcli mcli;

  @Parameters(paramLabel = "FILTER", arity = "0..*", description = "Conditions on device fields.")
  private List<String> filters = new ArrayList<>();

  @Mixin private TargetOptions targets;

  @Mixin private WaitOptions waitOptions;

  @Option(
      names = "--task-timeout",
      paramLabel = "SECONDS",
      description = "How long each command may run on its device (default: run's own timeout).")
  private Double taskTimeout;

  @Option(names = "--json", description = "Each task document as a JSON line on stdout.")
  private boolean json;

  @Override
  public Integer call() throws CliException {
    Double timeout = CallOptions.checkedTaskTimeout(taskTimeout);
    var waitLimit = waitOptions.limit();
    Map<String, Object> query = targets.query(filters, mcli); // last: it may ask the inventory what -t names
    CliContext context = mcli.context();
    PrintWriter err = context.err();
    BufferedReader in = new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8));
    ExitCode worst = ExitCode.OK;
    try (RpcClient client = mcli.rpcClient()) {
      String line;
      int number = 0;
      while ((line = prompt(context, in)) != null) {
        number++;
        String command = line.strip();
        if (command.isEmpty() || command.startsWith("#")) {
          continue;
        }
        if (command.equals("exit") || command.equals("quit")) {
          break;
        }
        ExitCode result;
        try {
          var syntax = ShellSyntax.in(ShellWords.splitLine(command));
          if (syntax.isPresent()) {
            throw new IllegalArgumentException(ShellSyntax.refusal(syntax.get(), command));
          }
          Instruction run = new Instruction.Primitive(METHOD, List.of(command), Map.of(), timeout);
          result = runLine(client, query, run, waitLimit);
        } catch (IllegalArgumentException e) {
          err.println("mcli: line " + number + ": " + e.getMessage() + "; not run");
          result = ExitCode.FAILURE;
        } catch (CliException e) {
          err.println("mcli: " + e.getMessage());
          result = e.exitCode();
        }
        err.flush();
        worst = worse(worst, result);
      }
      if (line == null && context.inTerminal()) {
        err.println();
        err.flush();
      }
    } catch (IOException e) {
      throw CliException.failure("cannot read stdin: " + e.getMessage());
    }
    return worst.code();
  }

  private ExitCode runLine(
      RpcClient client, Map<String, Object> query, Instruction run, Optional<Duration> waitLimit)
      throws CliException {
    CreateJobReply job = JobRun.create(mcli, client, query, run);
    CliContext context = mcli.context();
    ProgressPrinter progress =
        context.errTerminal() ? ProgressPrinter.on(context.err(), true) : ProgressPrinter.off();
    JobWaiter.Outcome outcome;
    try {
      outcome = new JobWaiter(client, progress, waitLimit).await(job);
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage() + "; job " + job.jobId() + " goes on");
    }
    print(outcome.tasks());
    context.err().println(JobSummary.headline(job.jobId(), outcome.tasks(), outcome.elapsed()));
    return JobSummary.exitCode(outcome.tasks());
  }

  private void print(List<TaskDocument> tasks) {
    PrintWriter out = mcli.context().out();
    PrintWriter err = mcli.context().err();
    Map<String, String> labels =
        ShellOutput.labels(tasks.stream().map(t -> String.valueOf(t.mercuryId())).toList());
    for (TaskDocument task : tasks) {
      if (json) {
        out.println(Json.line(task.document()));
        continue;
      }
      ShellOutput.Lines lines = ShellOutput.of(task, labels.get(String.valueOf(task.mercuryId())));
      out.print(lines.out());
      out.flush();
      err.print(lines.err());
      err.flush();
    }
    out.flush();
  }

  private static String prompt(CliContext context, BufferedReader in) throws IOException {
    if (context.inTerminal()) {
      context.err().print(PROMPT);
      context.err().flush();
    }
    return in.readLine();
  }

  /** FAILURE outranks PARTIAL, which outranks OK. */
  private static ExitCode worse(ExitCode a, ExitCode b) {
    return rank(b) > rank(a) ? b : a;
  }

  private static int rank(ExitCode code) {
    return switch (code) {
      case OK -> 0;
      case PARTIAL -> 1;
      case USAGE, FAILURE -> 2;
    };
  }
}
