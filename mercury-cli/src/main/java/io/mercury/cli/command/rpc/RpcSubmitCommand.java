package io.mercury.cli.command.rpc;

import io.mercury.cli.CliException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mcli rpc submit -q JSON | -t ID... -m METHOD [-a ARG...] [-k JSON] [--no-wait]}: the original shape. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Run METHOD on the devices of -q and/or -t (the original mcli's form).",
      "Example: mcli rpc submit -t 0120a1b2... -m run -a 'uname -a'"
    })
public final class RpcSubmitCommand implements Callable<Integer> {
  @ParentCommand private RpcCommand rpc;

  @Mixin private TargetOptions targets;

  @Option(
      names = {"-m", "--method"},
      required = true,
      paramLabel = "METHOD",
      description = "The capability to run.")
  private String method;

  @Option(
      names = {"-a", "--args"},
      arity = "1..*",
      paramLabel = "ARG",
      description = "Positional arguments (strings).")
  private List<String> args = new ArrayList<>();

  @Mixin private CallOptions call;

  @Mixin private WaitOptions waitOptions;

  @Mixin private WaitChoice waitChoice;

  @Option(names = "--json", description = "JSON lines on stdout (the reply, or the task documents).")
  private boolean json;

  @Override
  public Integer call() throws CliException {
    if (method.isBlank()) {
      throw CliException.usage("-m needs a method name");
    }
    var instruction = call.instruction(method.strip(), args);
    boolean waiting = waitChoice.waits(waitOptions);
    var waitLimit = waitOptions.limit();
    var query = targets.query(List.of(), rpc.mcli()); // last: it may ask the inventory what -t names
    return JobRun.execute(rpc.mcli(), query, instruction, waiting, waitLimit, json);
  }
}
