package io.mercury.cli.command.inventory;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.Mcli;
import io.mercury.cli.client.InventoryClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.output.DeviceView;
import io.mercury.cli.output.Json;
import io.mercury.cli.output.Outline;
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
 * {@code mcli inventory get ID...}: prints each device for people ({@link DeviceView}: a summary, then
 * the whole document as indented {@code key: value} lines), devices separated by a blank line; with
 * {@code -p}, the chosen fields alone as such lines; with {@code --json}, one document per line. An
 * unknown id is reported on stderr; the others are still printed and the exit status is 1.
 */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
      "Show devices by mercury_id ('-' reads them from stdin): a summary (host, agent,",
      "hardware, disks, interfaces, BMC, boot state), then the whole document as",
      "indented key: value lines, times in UTC; --json prints the documents.",
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
      description = "Only these dotted fields (and mercury_id), as key: value lines, no summary.")
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
    int shown = 0;
    try (InventoryClient client = mcli.inventoryClient()) {
      for (String id : wanted) {
        Optional<Map<String, Object>> device = client.getOne(id, projection);
        if (device.isPresent()) {
          if (json) {
            out.println(Json.line(device.get()));
          } else {
            out.print((shown > 0 ? "\n" : "") + view(device.get(), projection));
          }
          shown++;
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

  /** The whole view; with a projection only the fields asked for, where a summary would be all {@code -}. */
  private static String view(Map<String, Object> device, List<String> projection) {
    return projection.isEmpty() ? DeviceView.render(device) : Outline.render(device);
  }
}
