package io.mercury.cli.command.boot;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.Mcli;
import io.mercury.cli.client.InventoryClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.output.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mcli boot show ID}: a device's boot state, script and what it boots next. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show what a device boots next, its boot.state and boot.script.")
public final class BootShowCommand implements Callable<Integer> {
  @ParentCommand private BootCommand boot;

  @Parameters(paramLabel = "ID", description = "The device's mercury_id.")
  private String id;

  @Option(names = "--json", description = "Print {mercury_id, boots, boot} as one JSON line.")
  private boolean json;

  @Override
  public Integer call() throws CliException {
    Mcli mcli = boot.mcli();
    PrintWriter out = mcli.context().out();
    try (InventoryClient client = mcli.inventoryClient()) {
      Optional<Map<String, Object>> device = client.getOne(id, List.of("boot"));
      if (device.isEmpty()) {
        throw CliException.failure("no device with mercury_id " + id);
      }
      Object bootDoc = device.get().get("boot");
      String plan = BootPlan.of(bootDoc);
      if (json) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("mercury_id", id);
        line.put("boots", plan);
        line.put("boot", bootDoc);
        out.println(Json.line(line));
      } else {
        Map<?, ?> b = bootDoc instanceof Map<?, ?> m ? m : Map.of();
        out.println("mercury_id  " + id);
        out.println("boots       " + plan);
        out.println("state       " + (b.get("state") == null ? "(unset: agent)" : b.get("state")));
        if (b.get("script") instanceof String script && !script.isBlank()) {
          out.println("script:");
          out.print(script.endsWith("\n") ? script : script + "\n");
        } else {
          out.println("script      (none)");
        }
      }
      out.flush();
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
    return ExitCode.OK.code();
  }
}
