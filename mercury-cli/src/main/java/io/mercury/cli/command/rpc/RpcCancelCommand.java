package io.mercury.cli.command.rpc;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.client.RpcClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.output.Json;
import io.mercury.common.protocol.frontend.CancelJobReply;
import io.mercury.common.protocol.frontend.FrontendWire;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mcli rpc cancel JOB_ID}: cancels the job's unfinished tasks and says how many. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = "Cancel a job's unfinished tasks (running ones are interrupted).")
public final class RpcCancelCommand implements Callable<Integer> {
  @ParentCommand private RpcCommand rpc;

  @Parameters(paramLabel = "JOB_ID", description = "The job.")
  private String jobId;

  @Option(names = "--json", description = "The cancel_job reply as one JSON line.")
  private boolean json;

  @Override
  public Integer call() throws CliException {
    PrintWriter out = rpc.mcli().context().out();
    try (RpcClient client = rpc.mcli().rpcClient()) {
      String requestedBy = RequestedBy.of(rpc.mcli().context().env(), RequestedBy.localHost());
      CancelJobReply cancelled = client.cancelJob(jobId, requestedBy);
      if (json) {
        out.println(Json.line(FrontendWire.toWire(cancelled)));
      } else {
        long n = cancelled.cancelled();
        out.println("job " + cancelled.jobId() + ": " + n + (n == 1 ? " task" : " tasks") + " cancelled");
      }
      out.flush();
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
    return ExitCode.OK.code();
  }
}
