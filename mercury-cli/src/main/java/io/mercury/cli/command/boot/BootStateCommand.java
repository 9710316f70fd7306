package io.mercury.cli.command.boot;

import io.mercury.cli.CliException;
import io.mercury.cli.command.inventory.QueryOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mcli boot state FILTER... agent|local|rescue}: sets {@code boot.state} of the matching devices. */
@Command(
    name = "state",
    mixinStandardHelpOptions = true,
    customSynopsis = "mcli boot state [-a] [--all] [--dry-run] [--json] [-q JSON] [FILTER...] agent|local|rescue",
    description = "Set boot.state of the matching devices: agent (boot the agent), local (boot from disk) or rescue.",
    footer = QueryOptions.FILTER_HELP)
public final class BootStateCommand implements Callable<Integer> {
  static final Set<String> STATES = Set.of("agent", "local", "rescue");

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
    List<String> words = selection.filters;
    if (words.isEmpty() || !STATES.contains(words.getLast())) {
      throw CliException.usage(
          "the last argument must be the state: agent, local or rescue"
              + (words.isEmpty() ? "" : " (was '" + words.getLast() + "')"));
    }
    String state = words.removeLast();
    return BootChange.run(boot.mcli(), selection.query(), all, dryRun, json, Map.of("boot.state", state));
  }
}
