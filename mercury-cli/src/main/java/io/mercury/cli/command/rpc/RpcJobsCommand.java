package io.mercury.cli.command.rpc;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.client.RpcClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.output.JobTables;
import io.mercury.cli.output.Json;
import io.mercury.common.protocol.frontend.JobDocument;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcli rpc jobs [-n N]}: recent jobs, newest first, as a table (method and arguments, targets,
 * counts per state, times, who) or JSON lines.
 */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = {
      "List jobs, newest first: method and arguments, targets, tasks per state,",
      "when created and completed, who asked. 'mcli rpc job JOB_ID' shows one."
    })
public final class RpcJobsCommand implements Callable<Integer> {
  @ParentCommand private RpcCommand rpc;

  @Option(
      names = {"-n", "--max-items"},
      paramLabel = "N",
      defaultValue = "50",
      description = "Show at most N jobs; 0 for all (default: ${DEFAULT-VALUE}).")
  private long maxItems;

  @Option(names = "--json", description = "One job document per line.")
  private boolean json;

  @Override
  public Integer call() throws CliException {
    if (maxItems < 0) {
      throw CliException.usage("--max-items must not be negative, was " + maxItems);
    }
    PrintWriter out = rpc.mcli().context().out();
    try (RpcClient client = rpc.mcli().rpcClient()) {
      List<JobDocument> jobs = client.getJobs(maxItems);
      if (json) {
        jobs.forEach(j -> out.println(Json.line(j.document())));
      } else {
        out.print(JobTables.jobs(jobs));
      }
      out.flush();
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
    return ExitCode.OK.code();
  }
}
