package io.mercury.cli.stack;

import io.mercury.cli.CliContext;
import io.mercury.cli.CliLogging;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.zeromq.ZContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/mercury up|down|status|logs}: the whole stack on this machine, each daemon a process of its
 * own, with its data, logs and pid files under {@code $MERCURY_HOME}. This class holds the command
 * line (options, ports, exit codes); the work is done by {@link StackUp} (what starts, in which order),
 * {@link DaemonLauncher} (processes, readiness, stopping), {@link StackStatus} (the status table) and
 * {@link StackTour} (the mcli commands {@code up} ends with).
 *
 * <p>Threading: not thread-safe; one command runs on the caller's thread ({@code logs -f} follows the
 * files on it too).
 */
@Command(
    name = "mercury",
    mixinStandardHelpOptions = true,
    subcommands = {StackMain.Up.class, StackMain.Down.class, StackMain.Status.class, StackMain.Logs.class})
public final class StackMain {
  private final StackLayout layout;
  private final CliContext context;
  private final StackKeys keys;
  private final DaemonLauncher launcher;
  private final StackStatus status;

  StackMain(StackLayout layout, CliContext context) {
    this.keys = new StackKeys(layout, context.env());
    this.layout = layout;
    this.context = context;
    this.launcher = new DaemonLauncher(layout, keys, context.out());
    this.status = new StackStatus(layout, keys, context.out());
  }

  public static void main(String[] args) {
    CliLogging.configure("mercury");
    CliContext context = CliContext.system();
    System.exit(run(StackLayout.from(System.getenv()), context, args));
  }

  static int run(StackLayout layout, CliContext context, String... args) {
    StackMain stack = new StackMain(layout, context);
    CommandLine cli = new CommandLine(stack, new Factory(stack));
    cli.setOut(context.out()).setErr(context.err());
    int code = cli.execute(args);
    context.out().flush();
    context.err().flush();
    return code;
  }

  PrintWriter out() {
    return context.out();
  }

  /** Thrown to stop a command with a one-line reason and exit code 1. */
  static final class StackException extends RuntimeException {
    StackException(String message) {
      super(message);
    }
  }

  // ---- up -------------------------------------------------------------------------------------

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = "Start the embedded store, log service, inventory, rpc frontend and backend, a local agent, the boot service and the HTTP API; show them working.")
  static final class Up implements Callable<Integer> {
    @Option(
        names = "--port-base",
        paramLabel = "N",
        description = {
          "Move every port together, for a second stack beside the first: inventory N, rpc N+1, backend N+2,",
          "agent N+3, pong N+4, api N+5, log N+6, follow N+7, enrolment N+8, boot N+9, store N+10.",
          "mcli finds them by itself (var/run/*.address). The options below override single ports."
        })
    Integer portBase;

    @Option(names = "--store-port", description = "Embedded store port (default 27017; a free one if taken).")
    Integer storePort;

    @Option(names = "--log-port", description = "Log service port (default 9006).")
    Integer logPort;

    @Option(names = "--log-follow-port", description = "Log service follow-stream (PUB) port (default 9007).")
    Integer logFollowPort;

    @Option(names = "--inventory-port", description = "Inventory port (default 9000).")
    Integer inventoryPort;

    @Option(names = "--rpc-port", description = "RPC frontend port (default 9001).")
    Integer rpcPort;

    @Option(names = "--backend-port", description = "RPC backend (agent-facing) port (default 9002).")
    Integer backendPort;

    @Option(names = "--enrolment-port", description = "RPC backend enrolment port, where new agent keys enrol (default 9008).")
    Integer enrolmentPort;

    @Option(names = "--agent-port", description = "Local agent RPC port (default 9003).")
    Integer agentPort;

    @Option(names = "--pong-port", description = "Local agent pong port (default 9004).")
    Integer pongPort;

    @Option(names = "--boot-port", description = "Boot service (iPXE) HTTP port (default 5000).")
    Integer bootPort;

    @Option(names = "--api-port", description = "HTTP API port (default 9005).")
    Integer apiPort;

    @Option(names = "--no-sample", description = "Do not load the sample fleet into an empty inventory.")
    boolean noSample;

    private final StackMain stack;

    Up(StackMain stack) {
      this.stack = stack;
    }

    @Override
    public Integer call() throws Exception {
      return stack.guard(() -> stack.up(ports(), !noSample));
    }

    /** Each port: its own option, else the base plus its offset, else the default. */
    Ports ports() throws StackException {
      if (portBase != null && (portBase < 1024 || portBase > 65_535 - 10)) {
        throw new StackException("--port-base must be between 1024 and 65525, was " + portBase);
      }
      return new Ports(
          port(storePort, 10, 27017),
          port(logPort, 6, 9006),
          port(logFollowPort, 7, 9007),
          port(inventoryPort, 0, 9000),
          port(rpcPort, 1, 9001),
          port(backendPort, 2, 9002),
          port(enrolmentPort, 8, 9008),
          port(agentPort, 3, 9003),
          port(pongPort, 4, 9004),
          port(bootPort, 9, 5000),
          port(apiPort, 5, 9005));
    }

    private int port(Integer given, int offset, int standard) {
      return given != null ? given : portBase != null ? portBase + offset : standard;
    }
  }

  int guard(Callable<Integer> body) throws Exception {
    try {
      return body.call();
    } catch (StackException e) {
      context.err().println("mercury: " + e.getMessage());
      return 1;
    }
  }

  /** The ports {@code up} asks for; the store falls back to a free port, the others must be free. */
  record Ports(int store, int log, int logFollow, int inventory, int rpc, int backend, int enrolment, int agent, int pong, int boot, int api) {}

  int up(Ports ports, boolean sample) throws Exception {
    return new StackUp(layout, context, keys, launcher, status).up(ports, sample);
  }

  // ---- down -----------------------------------------------------------------------------------

  @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the local stack (SIGTERM, then SIGKILL after 20 s).")
  static final class Down implements Callable<Integer> {
    private final StackMain stack;

    Down(StackMain stack) {
      this.stack = stack;
    }

    @Override
    public Integer call() {
      List<Daemon> reverse = new ArrayList<>(Daemon.ALL);
      java.util.Collections.reverse(reverse);
      for (Daemon d : reverse) {
        Optional<ProcessHandle> running = d.running(stack.layout);
        if (running.isPresent()) {
          stack.launcher.stop(d, running.get());
          stack.out().printf("%-10s stopped%n", d.name());
        } else {
          stack.out().printf("%-10s not running%n", d.name());
        }
        stack.delete(stack.layout.pidFile(d.name()));
      }
      return 0;
    }
  }

  void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      context.err().println("mercury: cannot delete " + file + ": " + e.getMessage());
    }
  }

  // ---- status ---------------------------------------------------------------------------------

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Show each service; exit 1 when one is not running.")
  static final class Status implements Callable<Integer> {
    private final StackMain stack;

    Status(StackMain stack) {
      this.stack = stack;
    }

    @Override
    public Integer call() {
      try (ZContext zmq = new ZContext()) {
        return stack.status(zmq);
      }
    }
  }

  int status(ZContext zmq) {
    return status.print(zmq);
  }

  // ---- logs -----------------------------------------------------------------------------------

  @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a service's log as readable lines (or follow it with -f).")
  static final class Logs implements Callable<Integer> {
    @Parameters(arity = "0..1", description = "store, log, inventory, rpc, backend, agent, boot or api (default: all)")
    String service;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines.")
    boolean follow;

    @Option(names = "--json", description = "Print the raw JSON lines.")
    boolean json;

    @Option(names = {"-n", "--lines"}, description = "Lines from the end to start with (default 50).")
    int lines = 50;

    private final StackMain stack;

    Logs(StackMain stack) {
      this.stack = stack;
    }

    @Override
    public Integer call() throws Exception {
      List<Daemon> chosen = Daemon.ALL.stream().filter(d -> service == null || d.name().equals(service)).toList();
      if (chosen.isEmpty()) {
        stack.context.err().println("mercury logs: unknown service '" + service + "' (store, log, inventory, rpc, backend, agent, boot, api)");
        return 2;
      }
      LogPrinter printer = new LogPrinter(stack.out(), json);
      for (Daemon d : chosen) {
        printer.printTail(stack.layout.log(d.name()), lines);
      }
      if (follow) {
        printer.follow(chosen.stream().map(d -> stack.layout.log(d.name())).toList());
      }
      return 0;
    }
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted");
    }
  }

  /** Builds the subcommands with the stack they act on. */
  private record Factory(StackMain stack) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      for (var ctor : cls.getDeclaredConstructors()) {
        if (ctor.getParameterCount() == 1 && ctor.getParameterTypes()[0] == StackMain.class) {
          ctor.setAccessible(true);
          return cls.cast(ctor.newInstance(stack));
        }
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
