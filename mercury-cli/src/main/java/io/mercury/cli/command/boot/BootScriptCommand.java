package io.mercury.cli.command.boot;

import io.mercury.cli.CliException;
import io.mercury.cli.command.inventory.QueryOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mcli boot script FILTER... --file F}: sets {@code boot.script} of the matching devices. */
@Command(
    name = "script",
    mixinStandardHelpOptions = true,
    description = {
      "Set boot.script of the matching devices: an iPXE script they boot instead of their state.",
      "It is a Mustache template rendered with the device's inventory document ({{mercury_id}}, {{dmi.sys_vendor}})."
    },
    footer = QueryOptions.FILTER_HELP)
public final class BootScriptCommand implements Callable<Integer> {
  @ParentCommand private BootCommand boot;

  @Mixin private QueryOptions selection;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The script ('-' reads stdin).")
  private String file;

  @Option(names = "--all", description = "Allow an empty selection: every device.")
  private boolean all;

  @Option(names = "--dry-run", description = "Only list what each matching device boots now and would boot.")
  private boolean dryRun;

  @Option(names = "--json", description = "Print JSON lines.")
  private boolean json;

  @Override
  public Integer call() throws CliException {
    String script;
    try {
      script =
          file.equals("-")
              ? new String(boot.mcli().context().in().readAllBytes(), StandardCharsets.UTF_8)
              : Files.readString(Path.of(file));
    } catch (IOException e) {
      throw CliException.usage("cannot read --file " + file + ": " + e.getMessage());
    }
    if (script.isBlank()) {
      throw CliException.usage("the script in " + file + " is empty; use 'mcli boot clear' to remove scripts");
    }
    if (!script.startsWith("#!ipxe")) {
      throw CliException.usage("the script in " + file + " does not start with #!ipxe");
    }
    return BootChange.run(boot.mcli(), selection.query(), all, dryRun, json, Map.of("boot.script", script));
  }
}
