package io.mercury.cli.command.keys;

import picocli.CommandLine.Command;

/**
 * {@code mcli keys revoke KEY_OR_NAME...}: accepted keys are cut off for good; an agent's device becomes
 * inactive and its open tasks end in ERROR.
 */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description = {
      "Revoke accepted keys: open connections are cut off and the key stays revoked.",
      "A revoked agent's device becomes inactive and its open tasks end in ERROR."
    })
public final class KeysRevokeCommand extends KeyStatusCommand {
  public KeysRevokeCommand() {
    super("revoked", "revoke");
  }
}
