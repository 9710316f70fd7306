package io.mercury.cli;

import io.mercury.cli.client.CliSecurity;
import io.mercury.cli.client.Endpoints;
import io.mercury.cli.client.InventoryClient;
import io.mercury.cli.client.LogClient;
import io.mercury.cli.client.RpcClient;
import io.mercury.cli.command.audit.AuditCommand;
import io.mercury.cli.command.boot.BootClearCommand;
import io.mercury.cli.command.boot.BootCommand;
import io.mercury.cli.command.boot.BootScriptCommand;
import io.mercury.cli.command.boot.BootShowCommand;
import io.mercury.cli.command.boot.BootStateCommand;
import io.mercury.cli.command.inventory.InventoryCountCommand;
import io.mercury.cli.command.inventory.InventoryGetCommand;
import io.mercury.cli.command.inventory.InventoryQueryCommand;
import io.mercury.cli.command.keys.KeysAcceptCommand;
import io.mercury.cli.command.keys.KeysCommand;
import io.mercury.cli.command.keys.KeysListCommand;
import io.mercury.cli.command.keys.KeysRejectCommand;
import io.mercury.cli.command.keys.KeysReplaceCommand;
import io.mercury.cli.command.keys.KeysRevokeCommand;
import io.mercury.cli.command.keys.KeysTokenCommand;
import io.mercury.cli.command.log.LogCommand;
import io.mercury.cli.command.rpc.MethodBoundary;
import io.mercury.cli.command.rpc.RpcCancelCommand;
import io.mercury.cli.command.rpc.RpcCommand;
import io.mercury.cli.command.rpc.RpcJobCommand;
import io.mercury.cli.command.rpc.RpcJobsCommand;
import io.mercury.cli.command.rpc.RpcListCommand;
import io.mercury.cli.command.rpc.RpcSubmitCommand;
import io.mercury.cli.command.rpc.RpcTaskCommand;
import io.mercury.cli.command.rpc.ShellCommand;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code mcli}, the operator's command line. Subcommands are listed here, explicitly, in
 * {@link #COMMANDS} (not in picocli's {@code subcommands}): a call builds the model of the commands it
 * invokes only ({@link CommandModel}). Every command prints its results on stdout and a one-line
 * {@code mcli: <reason>} on stderr when it fails, and exits with an {@link ExitCode}.
 */
@Command(
    name = "mcli",
    mixinStandardHelpOptions = true,
    versionProvider = Mcli.Version.class,
    description = "Query the Mercury inventory, run jobs on the fleet and read its logs.",
    footer = {
      "",
      "Exit status: 0 ok, 1 failure (service unreachable or error, item not found,",
      "no active device matches), 2 usage error (bad option, filter or JSON),",
      "3 a job ran but not every target succeeded (failed, timed out, cancelled",
      "or still running when the wait ended)."
    })
public final class Mcli implements Callable<Integer> {
  /** Every command of mcli. */
  public static final CommandTree COMMANDS =
      CommandTree.of(
          Mcli.class,
          CommandTree.of(
              InventoryQueryCommand.class,
              CommandTree.of(InventoryGetCommand.class),
              CommandTree.of(InventoryCountCommand.class)),
          CommandTree.of(
              RpcCommand.class,
              CommandTree.of(RpcSubmitCommand.class),
              CommandTree.of(RpcJobCommand.class),
              CommandTree.of(RpcJobsCommand.class),
              CommandTree.of(RpcCancelCommand.class),
              CommandTree.of(RpcTaskCommand.class),
              CommandTree.of(RpcListCommand.class)),
          CommandTree.of(ShellCommand.class),
          CommandTree.of(
              BootCommand.class,
              CommandTree.of(BootShowCommand.class),
              CommandTree.of(BootStateCommand.class),
              CommandTree.of(BootScriptCommand.class),
              CommandTree.of(BootClearCommand.class)),
          CommandTree.of(LogCommand.class),
          CommandTree.of(AuditCommand.class),
          CommandTree.of(KeyInitCommand.class),
          CommandTree.of(
              KeysCommand.class,
              CommandTree.of(KeysListCommand.class),
              CommandTree.of(KeysAcceptCommand.class),
              CommandTree.of(KeysReplaceCommand.class),
              CommandTree.of(KeysRejectCommand.class),
              CommandTree.of(KeysRevokeCommand.class),
              CommandTree.of(KeysTokenCommand.class)));

  @Option(
      names = "--inventory",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description = {
        "Inventory service address.",
        "Default: $" + Endpoints.INVENTORY_ENV + ", else " + Endpoints.DEFAULT_INVENTORY + "."
      })
  private String inventory;

  @Option(
      names = "--rpc",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description = {
        "Rpc frontend address.",
        "Default: $" + Endpoints.RPC_ENV + ", else " + Endpoints.DEFAULT_RPC + "."
      })
  private String rpc;

  @Option(
      names = "--log",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description = {
        "Log service address.",
        "Default: $" + Endpoints.LOG_ENV + ", else " + Endpoints.DEFAULT_LOG + "."
      })
  private String logService;

  @Option(
      names = "--timeout",
      scope = ScopeType.INHERIT,
      paramLabel = "SECONDS",
      defaultValue = "5",
      description = {
        "How long to wait for each reply of a service (default: ${DEFAULT-VALUE}).",
        "Not the task timeout of an rpc job: that is --task-timeout."
      })
  private double timeoutSeconds;

  @Spec private CommandSpec spec;

  private final CliContext context;

  private Mcli(CliContext context) {
    this.context = context;
  }

  public static void main(String[] args) {
    StderrLoggerProvider.install();
    System.exit(run(CliContext.system(), args));
  }

  /** Runs one command line and returns its exit status. */
  public static int run(CliContext context, String... args) {
    return execute(commandLine(context, args), args);
  }

  /** Runs one command line on a model built for it, ending mcli's options at an rpc method name. */
  public static int execute(CommandLine cli, String... args) {
    return cli.execute(MethodBoundary.mark(cli, args));
  }

  /** The configured picocli command line with every command, writing to the context's streams. */
  public static CommandLine commandLine(CliContext context) {
    return configured(CommandModel.full(new Mcli(context), COMMANDS), context);
  }

  /**
   * The configured picocli command line for {@code args}: the commands they invoke, not the others
   * (every command when that cannot be told for sure, or help is asked for).
   */
  public static CommandLine commandLine(CliContext context, String... args) {
    return configured(CommandModel.forArgs(new Mcli(context), COMMANDS, List.of(args)), context);
  }

  private static CommandLine configured(CommandLine cli, CliContext context) {
    cli.setOut(context.out());
    cli.setErr(context.err());
    cli.setExpandAtFiles(false);
    cli.setExitCodeExceptionMapper(e -> ExitCode.FAILURE.code());
    cli.setParameterExceptionHandler(Mcli::usageError);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> failed(context, e));
    return cli;
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    String message = e.getMessage().lines().findFirst().orElse("invalid command line");
    String hint = "";
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
      hint = "; did you mean " + unmatched.getSuggestions().getFirst() + "?"; // the closest; the rest are noise
    }
    cmd.getErr()
        .println(
            "mcli: " + message + hint + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
    cmd.getErr().flush();
    return ExitCode.USAGE.code();
  }

  private static int failed(CliContext context, Exception e) {
    if (e instanceof CliException cli) {
      context.err().println("mcli: " + cli.getMessage());
      context.err().flush();
      return cli.exitCode().code();
    }
    context.err().println("mcli: unexpected error: " + e);
    e.printStackTrace(context.err());
    context.err().flush();
    return ExitCode.FAILURE.code();
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command");
  }

  public CliContext context() {
    return context;
  }

  /** A client of the inventory chosen by {@code --inventory}, the environment or the default. */
  public InventoryClient inventoryClient() throws CliException {
    Duration timeout = replyTimeout();
    return InventoryClient.connect(endpoints().inventory(), timeout, curve("inventory"));
  }

  /** A client of the rpc frontend chosen by {@code --rpc}, the environment or the default. */
  public RpcClient rpcClient() throws CliException {
    Duration timeout = replyTimeout();
    return RpcClient.connect(endpoints().rpc(), timeout, curve("rpc"));
  }

  /** A client of the log service chosen by {@code --log}, the environment or the default. */
  public LogClient logClient() throws CliException {
    Duration timeout = replyTimeout();
    return LogClient.connect(endpoints().log(), timeout, curve("log"));
  }

  /** The reply timeout chosen by {@code --timeout}. */
  public Duration replyTimeout() throws CliException {
    if (!(timeoutSeconds >= 0.1 && timeoutSeconds <= 86_400)) {
      throw CliException.usage(
          "--timeout must be between 0.1 and 86400 seconds, was " + timeoutSeconds);
    }
    return Duration.ofMillis(Math.round(timeoutSeconds * 1000));
  }

  /** mcli's CURVE settings towards {@code service}, or null when CURVE is off. */
  public io.mercury.common.security.CurveClient curve(String service) throws CliException {
    try {
      return CliSecurity.resolve(context.env()).client(service).orElse(null);
    } catch (IllegalArgumentException e) {
      throw CliException.failure(e.getMessage());
    }
  }

  private Endpoints endpoints() throws CliException {
    try {
      return Endpoints.resolve(inventory, rpc, logService, context.env());
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Mcli.class.getPackage().getImplementationVersion();
      return new String[] {"mcli " + (version == null ? "(development build)" : version)};
    }
  }
}
