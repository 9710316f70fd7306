package io.mercury.cli.command.keys;

import io.mercury.cli.CliException;
import io.mercury.cli.Mcli;
import io.mercury.cli.client.Endpoints;
import io.mercury.cli.client.KeysClient;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code mcli keys}: the CURVE keys allowed to talk to Mercury, through the backend's key endpoints.
 * The backend is {@code --backend}, else {@code $MERCURY_BACKEND_ROUTER}, else the address the local
 * stack wrote ({@code run/backend.address}, as for the other services), else {@value #DEFAULT_BACKEND}.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = {
      "List, accept, reject and revoke the keys of agents and operators; make enrolment tokens.",
      "Examples:",
      "  mcli keys list --status pending",
      "  mcli keys accept 3f2a9c01d4e5b6a7",
      "  mcli keys accept --all-pending",
      "  mcli keys revoke 00f1...   (an agent's mercury_id)",
      "  mcli keys token --ttl 1h --uses 10"
    })
public final class KeysCommand implements Callable<Integer> {
  public static final String DEFAULT_BACKEND = "tcp://127.0.0.1:9002";
  public static final String BACKEND_ENV = "MERCURY_BACKEND_ROUTER";
  private static final Pattern ADDRESS = Pattern.compile("(tcp://\\S+:\\d{1,5}|(ipc|inproc)://\\S+)");

  @ParentCommand private Mcli mcli;

  @Spec private CommandSpec spec;

  @Option(
      names = "--backend",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description = {
        "The rpc backend's address (its main ROUTER, where the key endpoints are).",
        "Default: $" + BACKEND_ENV + ", else the local stack's (var/run/backend.address), else " + DEFAULT_BACKEND + "."
      })
  private String backend;

  Mcli mcli() {
    return mcli;
  }

  /** A client of the chosen backend. */
  KeysClient client() throws CliException {
    var env = mcli.context().env();
    var local = Endpoints.localStack("backend", env);
    String address =
        backend != null ? backend : env.containsKey(BACKEND_ENV) ? env.get(BACKEND_ENV) : local.orElse(DEFAULT_BACKEND);
    String from =
        backend != null ? "--backend" : env.containsKey(BACKEND_ENV) ? "$" + BACKEND_ENV : local.isPresent() ? "the local stack" : "the default";
    if (!ADDRESS.matcher(address).matches()) {
      throw CliException.usage(from + " '" + address + "' is not a ZeroMQ address such as tcp://host:9002");
    }
    return KeysClient.connect(address, mcli.replyTimeout(), mcli.curve("backend"));
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: list, accept, reject, revoke or token");
  }
}
