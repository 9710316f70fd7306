package io.mercury.cli.command.inventory;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.Mcli;
import io.mercury.cli.client.DeviceQuery;
import io.mercury.cli.client.InventoryClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.output.DeviceTable;
import io.mercury.cli.output.Json;
import io.mercury.common.protocol.inventory.QueryPage;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcli inventory [FILTER...]}: lists matching devices as a table, as JSON lines
 * ({@code --json}) or as bare ids ({@code --ids}, for {@code | mcli inventory get -}).
 */
@Command(
    name = "inventory",
    mixinStandardHelpOptions = true,
    description = {
      "List devices matching all FILTERs.",
      "Examples:",
      "  mcli inventory dmi.sys_vendor=HP 'mem.MemTotal>=64e9'",
      "  mcli inventory --active -p dmi.product_name,bmc.network.ip_address",
      "  mcli inventory --ids 'dmi.product_name~^ProLiant' | mcli inventory get -"
    },
    footer = QueryOptions.FILTER_HELP)
public final class InventoryQueryCommand implements Callable<Integer> {
  @ParentCommand private Mcli mcli;

  @Mixin private QueryOptions selection;

  @Option(
      names = {"-p", "--projection"},
      split = ",",
      paramLabel = "FIELD",
      description = "Show these dotted fields instead of the summary columns.")
  private List<String> fields = new ArrayList<>();

  @Option(
      names = {"-n", "--max-items"},
      paramLabel = "N",
      defaultValue = "250",
      description = "Show at most N devices; 0 for all (default: ${DEFAULT-VALUE}).")
  private long maxItems;

  @Option(
      names = "--sort",
      paramLabel = "FIELD",
      defaultValue = DeviceQuery.ID_SORT,
      description = "Sort by this field (default: ${DEFAULT-VALUE}, the order devices were added).")
  private String sort;

  @Option(names = "--desc", description = "Sort in descending order.")
  private boolean descending;

  @Option(
      names = "--json",
      description = "Print one JSON document per line (the table's fields, or those of -p).")
  private boolean json;

  @Option(names = "--ids", description = "Print only mercury_ids, one per line.")
  private boolean idsOnly;

  Mcli mcli() {
    return mcli;
  }

  @Override
  public Integer call() throws CliException {
    if (json && idsOnly) {
      throw CliException.usage("--json and --ids cannot be used together");
    }
    if (maxItems < 0) {
      throw CliException.usage("--max-items must not be negative, was " + maxItems);
    }
    if (sort.isBlank() || sort.startsWith("$")) {
      throw CliException.usage("bad --sort field '" + sort + "'");
    }
    List<String> chosen = Fields.checked(fields, "--projection");
    Map<String, Object> query = selection.query();
    DeviceTable table = chosen.isEmpty() ? DeviceTable.standard() : DeviceTable.projected(chosen);
    List<String> projection = idsOnly ? List.of("mercury_id") : table.fields();
    DeviceQuery request = new DeviceQuery(query, projection, sort, descending);
    PrintWriter out = mcli.context().out();
    try (InventoryClient client = mcli.inventoryClient()) {
      if (json || idsOnly) {
        Consumer<QueryPage> printer =
            page -> {
              page.items().forEach(d -> out.println(json ? Json.line(d) : d.get("mercury_id")));
              out.flush();
            };
        client.scan(request, maxItems, printer);
      } else {
        List<Map<String, Object>> devices = new ArrayList<>();
        long total = client.scan(request, maxItems, page -> devices.addAll(page.items()));
        out.print(table.render(devices));
        out.flush();
        summarize(devices.size(), total);
      }
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
    return ExitCode.OK.code();
  }

  private void summarize(int shown, long total) {
    PrintWriter err = mcli.context().err();
    if (shown < total) {
      err.println(shown + " of " + total + " devices (use -n to show more, -n 0 for all)");
    } else {
      err.println(total == 1 ? "1 device" : total + " devices");
    }
    err.flush();
  }
}
