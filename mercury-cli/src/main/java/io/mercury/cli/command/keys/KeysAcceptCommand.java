package io.mercury.cli.command.keys;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mcli keys accept KEY_OR_NAME... [--all-pending]}: pending or rejected keys may connect. */
@Command(name = "accept", mixinStandardHelpOptions = true, description = "Accept keys (pending or rejected): they may connect from now on.")
public final class KeysAcceptCommand extends KeyStatusCommand {
  @Option(names = "--all-pending", description = "Every key that is pending now.")
  private boolean allPending;

  public KeysAcceptCommand() {
    super("accepted", "accept");
  }

  @Override
  boolean allPending() {
    return allPending;
  }
}
