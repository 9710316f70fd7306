package io.mercury.cli.command.rpc;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.client.RpcClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.client.TaskDocument;
import io.mercury.cli.output.Json;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mcli rpc task TASK_ID}: the task document, indented (or one line with {@code --json}). */
@Command(name = "task", mixinStandardHelpOptions = true, description = "Show a task.")
public final class RpcTaskCommand implements Callable<Integer> {
  @ParentCommand private RpcCommand rpc;

  @Parameters(paramLabel = "TASK_ID", description = "The task.")
  private String taskId;

  @Option(names = "--json", description = "Compact JSON on one line.")
  private boolean json;

  @Override
  public Integer call() throws CliException {
    PrintWriter out = rpc.mcli().context().out();
    try (RpcClient client = rpc.mcli().rpcClient()) {
      TaskDocument task =
          client.getTask(taskId).orElseThrow(() -> CliException.failure("no task " + taskId));
      out.println(json ? Json.line(task.document()) : Json.pretty(task.document()));
      out.flush();
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
    return ExitCode.OK.code();
  }
}
