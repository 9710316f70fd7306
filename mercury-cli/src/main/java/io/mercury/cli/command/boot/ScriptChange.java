package io.mercury.cli.command.boot;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.Mcli;
import io.mercury.cli.client.InventoryClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.cli.output.Cells;
import io.mercury.common.bootscript.BootScriptTemplate;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code mcli boot script}: renders the script for every matching device first, as the boot service
 * would when the device boots ({@link DeviceScripts}). With {@code --dry-run} it prints those
 * renderings ({@link ScriptPreview}). Otherwise, if any device's document lacks a variable the script
 * uses (the boot service would render it empty, {@code ip=}) or holds a value the boot service would
 * refuse, nothing is changed and the command fails (exit 1, as for a change that matches nothing: the
 * services were asked, and the answer stops it), naming a few devices and their problems; {@code --force}
 * sets the script anyway and prints the same list as a warning.
 *
 * <p>The check and the change are two requests: a device that starts matching in between gets the
 * script unchecked; the boot service still logs a WARN naming its missing variables when it boots.
 */
final class ScriptChange {
  /** Devices named in a one-line message before "and N more". */
  static final int NAMED = 3;

  private ScriptChange() {}

  static int run(
      Mcli mcli, Map<String, Object> query, boolean all, boolean dryRun, boolean json, boolean force, BootScriptTemplate template)
      throws CliException {
    BootChange.requireSelection(query, all);
    Map<String, Object> change = Map.of("boot.script", template.source());
    PrintWriter out = mcli.context().out();
    PrintWriter err = mcli.context().err();
    try (InventoryClient client = mcli.inventoryClient()) {
      List<DeviceScript> scripts = DeviceScripts.render(client, query, change, template);
      List<DeviceScript> problems = scripts.stream().filter(s -> !s.clean()).toList();
      if (dryRun) {
        ScriptPreview.print(out, scripts, json);
        out.flush();
        err.println(scripts.size() + (scripts.size() == 1 ? " device" : " devices") + " (dry run: nothing changed)");
        if (!problems.isEmpty()) {
          err.println(problems.size() + " of them would be refused without --force: " + named(problems));
        }
        err.flush();
        return ExitCode.OK.code();
      }
      if (!problems.isEmpty()) {
        String what = "the script does not render cleanly on " + problems.size() + " of " + devices(scripts.size()) + ": " + named(problems);
        if (!force) {
          throw CliException.failure(
              "refused: " + what + "; nothing was changed (--dry-run shows what each device would get; --force sets it anyway)");
        }
        err.println("mcli: --force: " + what);
        err.flush();
      }
      BootChange.apply(mcli, client, query, json, change);
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
    return ExitCode.OK.code();
  }

  /** {@code a1 (missing ip), a2 (missing ip, dmi.serial), a3 (...) and 4 more}. */
  static String named(List<DeviceScript> problems) {
    String first =
        problems.stream()
            .limit(NAMED)
            .map(s -> Cells.text(s.mercuryId()) + " (" + s.problem() + ")")
            .collect(Collectors.joining(", "));
    return problems.size() > NAMED ? first + " and " + (problems.size() - NAMED) + " more" : first;
  }

  private static String devices(int n) {
    return n + (n == 1 ? " matching device" : " matching devices");
  }
}
