package io.mercury.cli.command.boot;

import io.mercury.cli.Mcli;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mcli boot}: what devices boot next time (the inventory's {@code boot.state} and
 * {@code boot.script}, which the boot service reads).
 */
@Command(
    name = "boot",
    mixinStandardHelpOptions = true,
    description = {
      "Show and change what devices boot: the agent, the local disk, rescue, or their own script.",
      "Examples:",
      "  mcli boot show 00f1...",
      "  mcli boot state rack=r12 local --dry-run",
      "  mcli boot script dmi.sys_vendor=HP --file install.ipxe --dry-run",
      "  mcli boot script dmi.sys_vendor=HP --file install.ipxe",
      "  mcli boot clear rack=r12"
    })
public final class BootCommand implements Callable<Integer> {
  @ParentCommand private Mcli mcli;

  @Spec private CommandSpec spec;

  Mcli mcli() {
    return mcli;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: show, state, script or clear");
  }
}
