package io.mercury.cli.command.keys;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mcli keys reject KEY_OR_NAME... [--all-pending]}: pending keys are turned down. */
@Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject pending keys: they are not accepted, not even with a token.")
public final class KeysRejectCommand extends KeyStatusCommand {
  @ParentCommand private KeysCommand keys;

  @Parameters(paramLabel = "KEY_OR_NAME", arity = "0..*", description = "Public key, name (mercury_id) or fingerprint prefix.")
  private List<String> references;

  @Option(names = "--all-pending", description = "Every key that is pending now.")
  private boolean allPending;

  public KeysRejectCommand() {
    super("rejected", "reject");
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
