package io.mercury.cli.command.boot;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.Mcli;
import io.mercury.cli.client.DeviceQuery;
import io.mercury.cli.client.InventoryClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.output.Json;
import io.mercury.cli.output.Table;
import io.mercury.common.protocol.inventory.BootUpdateReply;
import io.mercury.common.protocol.inventory.InventoryWire;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies one boot change to the devices a selection matches, or, with {@code --dry-run}, lists what
 * each would boot before and after without changing anything. An empty selection is refused unless
 * {@code --all} is given. {@code mcli boot script} checks and previews its script first
 * ({@link ScriptChange}), then applies it here.
 */
final class BootChange {
  private BootChange() {}

  static int run(Mcli mcli, Map<String, Object> query, boolean all, boolean dryRun, boolean json, Map<String, Object> change)
      throws CliException {
    requireSelection(query, all);
    PrintWriter out = mcli.context().out();
    try (InventoryClient client = mcli.inventoryClient()) {
      if (dryRun) {
        List<List<String>> rows = new ArrayList<>();
        DeviceQuery request = new DeviceQuery(query, List.of("mercury_id", "boot"), DeviceQuery.ID_SORT, false);
        client.scan(
            request,
            0,
            page ->
                page.items()
                    .forEach(
                        d -> {
                          String now = BootPlan.of(d.get("boot"));
                          String after = BootPlan.of(BootPlan.applied(d.get("boot"), change));
                          String id = String.valueOf(d.get("mercury_id"));
                          if (json) {
                            Map<String, Object> line = new LinkedHashMap<>();
                            line.put("mercury_id", id);
                            line.put("boots", now);
                            line.put("would_boot", after);
                            out.println(Json.line(line));
                          } else {
                            rows.add(List.of(id, now, after));
                          }
                        }));
        if (!json) {
          out.print(
              Table.render(
                  List.of(new Table.Column("MERCURY_ID", false), new Table.Column("BOOTS", false), new Table.Column("WOULD BOOT", false)),
                  rows));
          mcli.context().err().println(rows.size() + (rows.size() == 1 ? " device" : " devices") + " (dry run: nothing changed)");
        }
        out.flush();
        mcli.context().err().flush();
      } else {
        apply(mcli, client, query, json, change);
      }
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
    return ExitCode.OK.code();
  }

  /** Refuses an empty selection unless {@code --all} was given. */
  static void requireSelection(Map<String, Object> query, boolean all) throws CliException {
    if (query.isEmpty() && !all) {
      throw CliException.usage("no FILTER selects devices; give filters, -q JSON, or --all to change every device");
    }
  }

  /** Makes the change and prints the counts; a change that matched no device is a failure. */
  static void apply(Mcli mcli, InventoryClient client, Map<String, Object> query, boolean json, Map<String, Object> change)
      throws CliException, ServiceException {
    PrintWriter out = mcli.context().out();
    BootUpdateReply counts = client.updateBootMany(query, change);
    if (json) {
      out.println(Json.line(InventoryWire.toWire(counts)));
    } else {
      out.println("matched " + counts.matchedCount() + ", changed " + counts.modifiedCount());
    }
    out.flush();
    if (counts.matchedCount() == 0) {
      // a change that reached no device is almost always a filter that is wrong: say so in the exit status
      throw CliException.failure("no device matches; nothing was changed (check the filters with: mcli inventory count FILTER...)");
    }
  }
}
