package io.mercury.cli.command.rpc;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.client.RpcClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.output.Json;
import io.mercury.cli.output.TaskView;
import io.mercury.common.protocol.frontend.TaskDocument;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcli rpc task TASK_ID}: the task for people ({@link TaskView}: a summary, its output, its
 * history; a traceback as its last line, whole with {@code -v}), or the task document as one JSON line
 * with {@code --json}.
 */
@Command(
    name = "task",
    mixinStandardHelpOptions = true,
    description = {
      "Show a task: device, method and arguments, state and reason, times,",
      "then its output (stdout, stderr, return code) and the states it went through.",
      "A traceback shows its last line; -v shows it whole. --json: the task document."
    })
public final class RpcTaskCommand implements Callable<Integer> {
  @ParentCommand private RpcCommand rpc;

  @Parameters(paramLabel = "TASK_ID", description = "The task.")
  private String taskId;

  @Option(names = {"-v", "--verbose"}, description = "The whole traceback, every frame.")
  private boolean verbose;

  @Option(names = "--json", description = "Compact JSON on one line.")
  private boolean json;

  @Override
  public Integer call() throws CliException {
    PrintWriter out = rpc.mcli().context().out();
    try (RpcClient client = rpc.mcli().rpcClient()) {
      TaskDocument task =
          client.getTask(taskId).orElseThrow(() -> CliException.failure("no task " + taskId));
      out.print(json ? Json.line(task.document()) + "\n" : TaskView.render(task, verbose, Instant.now()));
      out.flush();
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
    return ExitCode.OK.code();
  }
}
