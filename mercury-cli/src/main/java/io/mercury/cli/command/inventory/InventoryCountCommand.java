package io.mercury.cli.command.inventory;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.Mcli;
import io.mercury.cli.client.InventoryClient;
import io.mercury.cli.client.ServiceException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code mcli inventory count [FILTER...] [--json]}: prints how many devices match, as a bare integer or a JSON line. */
@Command(
    name = "count",
    mixinStandardHelpOptions = true,
    description = "Print how many devices match all FILTERs.",
    footer = QueryOptions.FILTER_HELP)
public final class InventoryCountCommand implements Callable<Integer> {
  @ParentCommand private InventoryQueryCommand inventory;

  @Mixin private QueryOptions selection;

  @picocli.CommandLine.Option(names = "--json", description = "A JSON line {\"count\": N} instead of the bare number.")
  private boolean json;

  @Override
  public Integer call() throws CliException {
    Mcli mcli = inventory.mcli();
    var query = selection.query();
    try (InventoryClient client = mcli.inventoryClient()) {
      long count = client.count(query);
      mcli.context().out().println(json ? "{\"count\":" + count + "}" : Long.toString(count));
      mcli.context().out().flush();
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
    return ExitCode.OK.code();
  }
}
