package io.mercury.cli.command.inventory;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.Mcli;
import io.mercury.cli.client.InventoryClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.output.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcli inventory get ID...}: prints whole device documents (or the fields of {@code -p}) as
 * indented JSON, or one per line with {@code --json}. An unknown id is reported on stderr; the others are
 * still printed and the exit status is 1.
 */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
      "Show devices by mercury_id ('-' reads them from stdin).",
      "Stdin takes one id per line: the output of 'mcli inventory --ids',",
      "its --json lines, or its table."
    })
public final class InventoryGetCommand implements Callable<Integer> {
  @ParentCommand private InventoryQueryCommand inventory;

  @Parameters(paramLabel = "ID", arity = "1..*", description = "mercury_ids, or - for stdin.")
  private List<String> ids = new ArrayList<>();

  @Option(
      names = {"-p", "--projection"},
      split = ",",
      paramLabel = "FIELD",
      description = "Only these dotted fields (and mercury_id).")
  private List<String> fields = new ArrayList<>();

  @Option(names = "--json", description = "One compact JSON document per line.")
  private boolean json;

  @Override
  public Integer call() throws CliException {
    Mcli mcli = inventory.mcli();
    List<String> projection = Fields.checked(fields, "--projection");
    List<String> wanted = IdReader.read(ids, mcli.context().in());
    PrintWriter out = mcli.context().out();
    PrintWriter err = mcli.context().err();
    int missing = 0;
    try (InventoryClient client = mcli.inventoryClient()) {
      for (String id : wanted) {
        Optional<Map<String, Object>> device = client.getOne(id, projection);
        if (device.isPresent()) {
          out.println(json ? Json.line(device.get()) : Json.pretty(device.get()));
          out.flush();
        } else {
          missing++;
          err.println("mcli: no device with mercury_id " + id);
          err.flush();
        }
      }
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
    if (missing > 0) {
      throw CliException.failure(missing + " of " + wanted.size() + " devices not found");
    }
    return ExitCode.OK.code();
  }
}
