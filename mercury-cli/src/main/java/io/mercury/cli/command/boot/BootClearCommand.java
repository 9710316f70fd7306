package io.mercury.cli.command.boot;

import io.mercury.cli.CliException;
import io.mercury.cli.command.inventory.QueryOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mcli boot clear FILTER...}: removes {@code boot.script} and sets {@code boot.state} to agent. */
@Command(
    name = "clear",
    mixinStandardHelpOptions = true,
    description = "Clear the boot settings of the matching devices: no script, state agent.",
    footer = QueryOptions.FILTER_HELP)
public final class BootClearCommand implements Callable<Integer> {
  @ParentCommand private BootCommand boot;

  @Mixin private QueryOptions selection;

  @Option(names = "--all", description = "Allow an empty selection: every device.")
  private boolean all;

  @Option(names = "--dry-run", description = "Only list what each matching device boots now and would boot.")
  private boolean dryRun;

  @Option(names = "--json", description = "Print JSON lines.")
  private boolean json;

  @Override
  public Integer call() throws CliException {
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("boot.script", null);
    change.put("boot.state", "agent");
    return BootChange.run(boot.mcli(), selection.query(), all, dryRun, json, change);
  }
}
