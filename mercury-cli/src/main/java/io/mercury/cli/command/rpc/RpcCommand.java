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
 * {@code mcli rpc [FILTER...] METHOD [ARG...]}: runs a capability on every active device matching the
 * filters (see {@link ShortForm} for how filters and METHOD are told apart), and the job subcommands.
 */
@Command(
    name = "rpc",
    mixinStandardHelpOptions = true,
    description = {
      "Run METHOD with ARGs on every active device matching all FILTERs.",
      "The first plain name (echo, run, ...) is METHOD: words before it are FILTERs,",
      "words after it ARGs; with no FILTER it runs on every active device. An ARG that",
      "looks like one of the options below (-w, -k, -t, ...) needs '--' before the ARGs.",
      "Examples:",
      "  mcli rpc dmi.sys_vendor=HPE echo hello --wait",
      "  mcli rpc 'mem.MemTotal>=64e9' run uname -r -w --task-timeout 30",
      "  mcli rpc -t 0120a1b2... -w -- run 'ls -la /'",
      "  mcli rpc jobs;  mcli rpc job JOB_ID --tasks;  mcli rpc cancel JOB_ID"
    },
    footer = {
      "",
      "Exit status: 0 every target succeeded (or the job was submitted, without --wait),",
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

  @Option(names = {"-w", "--wait"}, description = "Wait for the job and show every result.")
  private boolean wait;

  @Option(names = "--json", description = "JSON lines on stdout (the reply, or the task documents).")
  private boolean json;

  Mcli mcli() {
    return mcli;
  }

  @Override
  public Integer call() throws CliException {
    ShortForm form = ShortForm.parse(words);
    var query = targets.query(form.filters(), true);
    var instruction = call.instruction(form.method(), form.args());
    boolean waiting = wait || waitOptions.given();
    return JobRun.execute(mcli, query, instruction, waiting, waitOptions.limit(), json);
  }
}
