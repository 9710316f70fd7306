package io.mercury.cli.command.boot;

import io.mercury.cli.CliException;
import io.mercury.cli.command.inventory.QueryOptions;
import io.mercury.common.bootscript.BootScriptException;
import io.mercury.common.bootscript.BootScriptTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcli boot script FILTER... --file F}: sets {@code boot.script} of the matching devices, after
 * rendering it for each of them as the boot service will ({@link ScriptChange}).
 */
@Command(
    name = "script",
    mixinStandardHelpOptions = true,
    description = {
      "Set boot.script of the matching devices: an iPXE script they boot instead of their state.",
      "It is a Mustache template rendered with the device's inventory document, as the boot service renders it:"
          + " {{mercury_id}}, {{dmi.sys_vendor}}, {{interfaces.0.address}}, {{#interfaces}}{{devname}} {{/interfaces}}.",
      "The script is rendered for each matching device first. If a device's document lacks a variable it uses"
          + " (it would render empty, as in 'ip=') or holds a value unsafe in iPXE, nothing is changed and mcli exits 1,"
          + " naming the devices; --force sets it anyway. A variable inside {{#section}} counts only where the section renders;"
          + " null counts as missing, an empty string does not.",
      "--dry-run prints what each device would get: its script, rendered, and the variables it lacks."
    },
    footer = QueryOptions.FILTER_HELP)
public final class BootScriptCommand implements Callable<Integer> {
  @ParentCommand private BootCommand boot;

  @Mixin private QueryOptions selection;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The script ('-' reads stdin).")
  private String file;

  @Option(names = "--all", description = "Allow an empty selection: every device.")
  private boolean all;

  @Option(
      names = "--dry-run",
      description = "Change nothing; print, for each matching device, what it boots now, the script rendered with its document, and the variables it lacks.")
  private boolean dryRun;

  @Option(
      names = "--force",
      description = "Set the script even on devices whose document lacks a variable it uses (rendered empty) or holds a value unsafe in iPXE (the boot service refuses it).")
  private boolean force;

  @Option(names = "--json", description = "Print JSON lines (with --dry-run: rendered, missing and unsafe per device).")
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
    BootScriptTemplate template;
    try {
      template = BootScriptTemplate.compile(script);
    } catch (BootScriptException e) {
      throw CliException.usage("the script in " + file + " is not a valid template: " + e.getMessage());
    }
    return ScriptChange.run(boot.mcli(), selection.query(), all, dryRun, json, force, template);
  }
}
