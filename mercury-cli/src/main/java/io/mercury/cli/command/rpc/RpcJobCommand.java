package io.mercury.cli.command.rpc;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.client.JobDocument;
import io.mercury.cli.client.LogClient;
import io.mercury.cli.client.RpcClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.client.TaskDocument;
import io.mercury.cli.output.JobTables;
import io.mercury.cli.output.Json;
import io.mercury.cli.output.LogLines;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcli rpc job JOB_ID [--status | --tasks | --trace]}: the job document (indented JSON), its status
 * (a summary and each task's state), its tasks as a table, or its trace: every event the log service holds
 * for the job, oldest first, with the time since the first and since the previous event. {@code --json} prints the documents, one per
 * line.
 */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = "Show a job, its status (--status), its tasks (--tasks) or its trace (--trace).")
public final class RpcJobCommand implements Callable<Integer> {
  @ParentCommand private RpcCommand rpc;

  @Parameters(paramLabel = "JOB_ID", description = "The job.")
  private String jobId;

  @ArgGroup(exclusive = true)
  private View view = new View();

  static final class View {
    @Option(names = {"-s", "--status"}, description = "The job's progress and each task's status.")
    boolean status;

    @Option(names = {"-t", "--tasks"}, description = "The job's tasks.")
    boolean tasks;

    @Option(
        names = "--trace",
        description = "The job's path through frontend, backends and agents, from the log service, with the time between hops.")
    boolean trace;
  }

  @Option(names = "--json", description = "Compact JSON, one document per line.")
  private boolean json;

  @Override
  public Integer call() throws CliException {
    PrintWriter out = rpc.mcli().context().out();
    if (view.trace) {
      return trace(out);
    }
    try (RpcClient client = rpc.mcli().rpcClient()) {
      if (view.tasks) {
        List<TaskDocument> tasks = client.getJobTasks(jobId);
        if (tasks.isEmpty() && client.getJob(jobId).isEmpty()) {
          throw noSuchJob();
        }
        if (json) {
          tasks.forEach(t -> out.println(Json.line(t.document())));
        } else {
          out.print(JobTables.tasks(tasks));
        }
      } else {
        JobDocument job =
            (view.status ? client.getJobStatus(jobId) : client.getJob(jobId)).orElseThrow(this::noSuchJob);
        if (json) {
          out.println(Json.line(job.document()));
        } else {
          out.print(view.status ? JobTables.status(job) : Json.pretty(job.document()) + "\n");
        }
      }
      out.flush();
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
    return ExitCode.OK.code();
  }

  private int trace(PrintWriter out) throws CliException {
    try (LogClient logs = rpc.mcli().logClient()) {
      List<Map<String, Object>> events = logs.query(Map.of("job_id", jobId), 10_000, true);
      if (json) {
        events.forEach(e -> out.println(Json.line(e)));
      } else {
        out.print(LogLines.trace(jobId, events));
      }
      out.flush();
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
    return ExitCode.OK.code();
  }

  private CliException noSuchJob() {
    return CliException.failure("no job " + jobId);
  }
}
