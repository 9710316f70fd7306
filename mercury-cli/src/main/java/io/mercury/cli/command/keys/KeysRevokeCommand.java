package io.mercury.cli.command.keys;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

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
  @ParentCommand private KeysCommand keys;

  @Parameters(paramLabel = "KEY_OR_NAME", arity = "0..*", description = "Public key, name (mercury_id) or fingerprint prefix.")
  private List<String> references;

  public KeysRevokeCommand() {
    super("revoked", "revoke");
  }

  @Override
  KeysCommand keys() {
    return keys;
  }

  @Override
  List<String> references() {
    return references;
  }
}
