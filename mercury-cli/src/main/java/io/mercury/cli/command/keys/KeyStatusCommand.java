package io.mercury.cli.command.keys;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.client.KeysClient;
import io.mercury.cli.client.ServiceException;
import io.mercury.common.protocol.keys.KeyListing;
import io.mercury.common.protocol.keys.KeyStatusReply;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * What {@code mcli keys accept|reject|revoke KEY_OR_NAME...} share: each argument is a public key, a
 * name (an agent's mercury_id, an operator's name) or a fingerprint prefix. Changed keys are printed on
 * stdout ({@code accepted <fingerprint> <name>}); keys already in that status and refusals on stderr.
 * Exit 0 when every key is (now) in the status, 1 when the backend refused one or a reference named no
 * key (then nothing is changed), 2 when no key was given.
 */
abstract class KeyStatusCommand implements Callable<Integer> {
  @ParentCommand private KeysCommand keys;

  @Parameters(paramLabel = "KEY_OR_NAME", arity = "0..*", description = "Public key, name (mercury_id) or fingerprint prefix.")
  private List<String> references;

  private final String status;
  private final String verb;

  KeyStatusCommand(String status, String verb) {
    this.status = status;
    this.verb = verb;
  }

  KeysCommand keys() {
    return keys;
  }

  List<String> references() {
    return references;
  }

  /** Whether every pending key is meant as well ({@code --all-pending}). */
  boolean allPending() {
    return false;
  }

  @Override
  public Integer call() throws CliException {
    List<String> refs = new ArrayList<>(references() == null ? List.of() : references());
    PrintWriter out = keys().mcli().context().out();
    PrintWriter err = keys().mcli().context().err();
    if (refs.isEmpty() && !allPending()) {
      throw CliException.usage("give the keys to " + verb + " (public key, name or fingerprint)" + (this instanceof KeysRevokeCommand ? "" : ", or --all-pending"));
    }
    try (KeysClient client = keys().client()) {
      if (allPending()) {
        client.list("pending").forEach(k -> refs.add(k.publicKey()));
        if (refs.isEmpty()) {
          err.println("no keys are pending");
          err.flush();
          return ExitCode.OK.code();
        }
      }
      KeyStatusReply reply = client.setStatus(refs, verb);
      for (KeyListing changed : reply.changed()) {
        // a replace changes two keys: the new one accepted, the device's old one revoked
        out.println(changed.status().wireName() + "  " + describe(changed));
      }
      for (KeyListing unchanged : reply.unchanged()) {
        err.println("already " + status + ": " + describe(unchanged));
      }
      List<KeyStatusReply.KeyError> errors = reply.errors();
      for (KeyStatusReply.KeyError error : errors) {
        err.println("mcli: " + error.error());
      }
      out.flush();
      err.flush();
      return errors.isEmpty() ? ExitCode.OK.code() : ExitCode.FAILURE.code();
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
  }

  private static String describe(KeyListing k) {
    return KeysListCommand.text(k.fingerprint()) + "  " + KeysListCommand.text(k.name());
  }
}
