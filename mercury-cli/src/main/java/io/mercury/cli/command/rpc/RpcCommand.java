package io.mercury.cli.command.rpc;

import io.mercury.cli.CliException;
import io.mercury.cli.Mcli;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcli rpc [OPTION|FILTER...] METHOD [ARG...]}: runs a capability on every active device matching
 * the filters (see {@link ShortForm} for how filters and METHOD are told apart, {@link MethodBoundary}
 * for why options end at METHOD), waits for the results, and the job subcommands.
 */
@Command(
    name = "rpc",
    mixinStandardHelpOptions = true,
    description = {
      "Run METHOD with ARGs on every active device matching all FILTERs, and wait for the results.",
      "The first plain name (echo, run, ...) is METHOD: words before it are FILTERs and",
      "options, every word after it is an ARG (run df -h -w passes -w to df). The whole",
      "fleet takes --all; --no-wait returns with the job id.",
      "Examples:",
      "  mcli rpc dmi.sys_vendor=HPE echo hello",
      "  mcli rpc --task-timeout 30 'mem.MemTotal>=64G' run uname -r",
      "  mcli rpc --all --no-wait run sh -c 'ls -la / | wc -l'",
      "  mcli rpc jobs;  mcli rpc job JOB_ID --tasks;  mcli rpc cancel JOB_ID"
    },
    footer = {
      "",
      "Exit status: 0 every target succeeded (or the job was created, with --no-wait),",
      "1 failure (rpc unreachable, no active device matches), 2 usage error,",
      "3 some targets failed, timed out, were cancelled or had not finished."
    })
public final class RpcCommand implements Callable<Integer> {
  @ParentCommand private Mcli mcli;

  @Parameters(
      paramLabel = "WORD",
      arity = "0..*",
      description = "[FILTER...] METHOD [ARG...]; filters as in 'mcli inventory --help'.")
  private List<String> words = new ArrayList<>();

  @Mixin private TargetOptions targets;

  @Mixin private CallOptions call;

  @Mixin private WaitOptions waitOptions;

  @Mixin private WaitChoice waitChoice;

  @Option(names = "--json", description = "JSON lines on stdout (the reply, or the task documents).")
  private boolean json;

  Mcli mcli() {
    return mcli;
  }

  @Override
  public Integer call() throws CliException {
    ShortForm form = ShortForm.parse(words);
    var instruction = call.instruction(form.method(), form.args());
    boolean waiting = waitChoice.waits(waitOptions);
    var waitLimit = waitOptions.limit();
    var query = targets.query(form.filters(), mcli); // last: it may ask the inventory what -t names
    return JobRun.execute(mcli, query, instruction, waiting, waitLimit, json);
  }
}
