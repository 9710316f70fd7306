package io.mercury.cli.command.rpc;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.client.LogClient;
import io.mercury.cli.client.RpcClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.output.JobTables;
import io.mercury.cli.output.JobView;
import io.mercury.cli.output.Json;
import io.mercury.cli.output.LogLines;
import io.mercury.common.protocol.frontend.JobDocument;
import io.mercury.common.protocol.frontend.JobStatus;
import io.mercury.common.protocol.frontend.TaskDocument;
import io.mercury.common.protocol.log.EventFilter;
import io.mercury.common.protocol.log.EventOrder;
import io.mercury.common.protocol.log.StoredEvent;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcli rpc job JOB_ID [--output | --status | --tasks | --trace]}: the job for people (a summary,
 * then a line per task: {@link JobView}), each task's output as {@code rpc --wait} prints it, its status
 * (a summary and each task's state), its tasks as a table, or its trace: every event the log service
 * holds for the job, oldest first, with the time since the first and since the previous event.
 * {@code --json} prints the documents, one per line, as they come from the service.
 *
 * <p>{@code --tasks} has no {@code -t}: everywhere else in {@code mcli rpc}, {@code -t} is a target.
 */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = {
      "Show a job: a summary (method and arguments, query, who, when, how long,",
      "tasks per state), then each task's device, state, duration and reason.",
      "--output shows what each device printed; --json the job document."
    })
public final class RpcJobCommand implements Callable<Integer> {
  @ParentCommand private RpcCommand rpc;

  @Parameters(paramLabel = "JOB_ID", description = "The job.")
  private String jobId;

  @ArgGroup(exclusive = true)
  private View view = new View();

  static final class View {
    @Option(names = {"-s", "--status"}, description = "The job's progress and each task's status.")
    boolean status;

    @Option(names = "--tasks", description = "The job's tasks as a table, with their times.")
    boolean tasks;

    @Option(
        names = {"-o", "--output"},
        description = "Each task's output: stdout, stderr and return code, or its result.")
    boolean output;

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
      if (view.tasks || view.output) {
        List<TaskDocument> tasks = client.getJobTasks(jobId);
        if (tasks.isEmpty() && client.getJob(jobId).isEmpty()) {
          throw noSuchJob();
        }
        if (json) {
          tasks.forEach(t -> out.println(Json.line(t.document())));
        } else {
          out.print(view.tasks ? JobTables.tasks(tasks) : JobView.output(tasks));
        }
      } else if (view.status) {
        JobStatus status = client.getJobStatus(jobId).orElseThrow(this::noSuchJob);
        out.print(json ? Json.line(status.job().document()) + "\n" : JobTables.status(status));
      } else {
        JobDocument job = client.getJob(jobId).orElseThrow(this::noSuchJob);
        out.print(
            json
                ? Json.line(job.document()) + "\n"
                : JobView.render(job, client.getJobTasks(jobId), Instant.now()));
      }
      out.flush();
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
    return ExitCode.OK.code();
  }

  private int trace(PrintWriter out) throws CliException {
    try (LogClient logs = rpc.mcli().logClient()) {
      List<StoredEvent> events = logs.query(EventFilter.ofJob(jobId), 10_000, EventOrder.OLDEST_FIRST);
      if (json) {
        events.forEach(e -> out.println(Json.line(e.document())));
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
