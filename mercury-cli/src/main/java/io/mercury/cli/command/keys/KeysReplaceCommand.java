package io.mercury.cli.command.keys;

import picocli.CommandLine.Command;

/**
 * {@code mcli keys replace KEY...}: a device's new key (a reinstall, a disk swap) is accepted and the
 * key the device had is revoked, in one audited change.
 */
@Command(
    name = "replace",
    mixinStandardHelpOptions = true,
    description = {
      "Accept a pending agent key that claims a device which already has a key, and revoke the old key.",
      "A device has one key: mcli keys accept refuses such a key and says to use replace (after a reinstall or disk swap)."
    })
public final class KeysReplaceCommand extends KeyStatusCommand {
  public KeysReplaceCommand() {
    super("replace", "replace");
  }
}
