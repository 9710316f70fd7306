package io.mercury.cli.command.rpc;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.Mcli;
import io.mercury.cli.client.RpcClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.output.JobSummary;
import io.mercury.cli.output.Json;
import io.mercury.cli.output.ProgressPrinter;
import io.mercury.cli.output.TaskResults;
import io.mercury.common.protocol.frontend.CreateJobReply;
import io.mercury.common.protocol.frontend.FrontendWire;
import io.mercury.common.protocol.frontend.Instruction;
import io.mercury.common.protocol.frontend.TaskDocument;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Submits one job and, when asked, waits for it: the flow shared by {@code mcli rpc ... METHOD} and
 * {@code mcli rpc submit}.
 *
 * <p>Without waiting it prints {@code job <id>: <n> targets} (with {@code --json}: the
 * {@code create_job} reply). Waiting, that line goes to stderr with the progress; stdout gets each
 * target's result (with {@code --json}: its task document, one per line), stderr the
 * {@link JobSummary}, and the exit code says whether every target succeeded.
 */
final class JobRun {
  private JobRun() {}

  static int execute(
      Mcli mcli,
      Map<String, Object> query,
      Instruction instruction,
      boolean wait,
      Optional<Duration> waitLimit,
      boolean json)
      throws CliException {
    PrintWriter out = mcli.context().out();
    PrintWriter err = mcli.context().err();
    try (RpcClient client = mcli.rpcClient()) {
      CreateJobReply job = create(mcli, client, query, instruction);
      String created = "job " + job.jobId() + ": " + targets(job.targets());
      if (!wait) {
        out.println(json ? Json.line(FrontendWire.toWire(job)) : created);
        out.flush();
        return ExitCode.OK.code();
      }
      err.println(created);
      err.flush();
      JobWaiter waiter =
          new JobWaiter(client, ProgressPrinter.on(err, mcli.context().errTerminal()), waitLimit);
      JobWaiter.Outcome outcome;
      try {
        outcome = waiter.await(job);
      } catch (ServiceException e) {
        throw CliException.failure(
            e.getMessage() + "; job " + job.jobId() + " goes on (mcli rpc job " + job.jobId()
                + " --tasks)");
      }
      for (TaskDocument task : outcome.tasks()) {
        out.print(json ? Json.line(task.document()) + "\n" : TaskResults.block(task));
      }
      out.flush();
      err.print(JobSummary.render(job.jobId(), outcome.tasks(), outcome.elapsed()));
      err.flush();
      return JobSummary.exitCode(outcome.tasks()).code();
    }
  }

  /** Creates the job; no active target is a failure. */
  static CreateJobReply create(
      Mcli mcli, RpcClient client, Map<String, Object> query, Instruction instruction)
      throws CliException {
    try {
      String requestedBy = RequestedBy.of(mcli.context().env(), RequestedBy.localHost());
      return client
          .createJob(query, instruction, requestedBy)
          .orElseThrow(() -> CliException.failure("no active device matches"));
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
  }

  static String targets(long n) {
    return n == 1 ? "1 target" : n + " targets";
  }
}
