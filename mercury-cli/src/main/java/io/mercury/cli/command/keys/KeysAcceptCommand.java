package io.mercury.cli.command.keys;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mcli keys accept KEY_OR_NAME... [--all-pending]}: pending or rejected keys may connect. */
@Command(name = "accept", mixinStandardHelpOptions = true, description = "Accept keys (pending or rejected): they may connect from now on.")
public final class KeysAcceptCommand extends KeyStatusCommand {
  @ParentCommand private KeysCommand keys;

  @Parameters(paramLabel = "KEY_OR_NAME", arity = "0..*", description = "Public key, name (mercury_id) or fingerprint prefix.")
  private List<String> references;

  @Option(names = "--all-pending", description = "Every key that is pending now.")
  private boolean allPending;

  public KeysAcceptCommand() {
    super("accepted", "accept");
  }

  @Override
  KeysCommand keys() {
    return keys;
  }

  @Override
  List<String> references() {
    return references;
  }

  @Override
  boolean allPending() {
    return allPending;
  }
}
