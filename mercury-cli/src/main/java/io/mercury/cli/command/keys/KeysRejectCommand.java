package io.mercury.cli.command.keys;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mcli keys reject KEY_OR_NAME... [--all-pending]}: pending keys are turned down. */
@Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject pending keys: they are not accepted, not even with a token.")
public final class KeysRejectCommand extends KeyStatusCommand {
  @Option(names = "--all-pending", description = "Every key that is pending now.")
  private boolean allPending;

  public KeysRejectCommand() {
    super("rejected", "reject");
  }

  @Override
  boolean allPending() {
    return allPending;
  }
}
