package io.mercury.cli.command.keys;

import io.mercury.cli.CliException;
import io.mercury.cli.ExitCode;
import io.mercury.cli.client.KeysClient;
import io.mercury.cli.client.ServiceException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        client.list("pending").forEach(k -> refs.add(String.valueOf(k.get("public_key"))));
        if (refs.isEmpty()) {
          err.println("no keys are pending");
          err.flush();
          return ExitCode.OK.code();
        }
      }
      Map<String, Object> reply = client.setStatus(refs, verb);
      for (Object changed : list(reply.get("changed"))) {
        // a replace changes two keys: the new one accepted, the device's old one revoked
        Object now = changed instanceof Map<?, ?> m ? m.get("status") : null;
        out.println((now == null ? status : KeysListCommand.text(now)) + "  " + describe(changed));
      }
      for (Object unchanged : list(reply.get("unchanged"))) {
        err.println("already " + status + ": " + describe(unchanged));
      }
      List<Object> errors = list(reply.get("errors"));
      for (Object error : errors) {
        Map<?, ?> e = error instanceof Map<?, ?> m ? m : Map.of();
        err.println("mcli: " + KeysListCommand.text(e.get("error")));
      }
      out.flush();
      err.flush();
      return errors.isEmpty() ? ExitCode.OK.code() : ExitCode.FAILURE.code();
    } catch (ServiceException e) {
      throw CliException.failure(e.getMessage());
    }
  }

  private static String describe(Object key) {
    Map<?, ?> k = key instanceof Map<?, ?> m ? m : Map.of();
    return KeysListCommand.text(k.get("fingerprint")) + "  " + KeysListCommand.text(k.get("name"));
  }

  private static List<Object> list(Object value) {
    return value instanceof List<?> l ? new ArrayList<>(l) : List.of();
  }
}
