package io.mercury.cli.training;

import io.mercury.cli.CliContext;
import io.mercury.cli.CommandTree;
import io.mercury.cli.Mcli;
import io.mercury.cli.StderrLoggerProvider;
import io.mercury.common.transport.RouterServer;
import io.mercury.common.transport.ServerSettings;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The training run of mcli's start-up archive ({@code build_tool_archive} in bin/lib/common.sh, at
 * build time, under {@code -XX:AOTCacheOutput}): in one JVM, the calls operators make, so that the
 * archive holds the classes a real call loads (picocli's model and help of every command, the
 * connection, the replies, the output, the process's own streams and environment), not only those of
 * a failed connection. The services are
 * {@link StandInReplies} on a loopback port, plaintext. Prints nothing when every call exits as
 * expected; otherwise names the calls that did not on stderr and exits 1.
 */
public final class McliTraining {
  private McliTraining() {}

  public static void main(String[] args) {
    StderrLoggerProvider.install();
    LoggerFactory.getLogger(McliTraining.class);
    CliContext.system();
    List<String> failed = train();
    if (!failed.isEmpty()) {
      System.err.println("mcli training: unexpected outcome of " + String.join("; ", failed));
    }
    System.exit(failed.isEmpty() ? 0 : 1);
  }

  /** Makes the training calls; returns those that did not exit as expected, with their stderr. */
  static List<String> train() {
    List<String> failed = new ArrayList<>();
    try (ZContext zmq = new ZContext();
        RouterServer services =
            new RouterServer(zmq, ServerSettings.of("training", "tcp://127.0.0.1:0"), new StandInReplies())) {
      String endpoint = services.start();
      Map<String, String> env =
          Map.of(
              "SECURITY_CURVE", "off",
              "MERCURY_INVENTORY_ROUTER", endpoint,
              "MERCURY_RPC_ROUTER", endpoint,
              "MERCURY_LOG_ROUTER", endpoint,
              "MERCURY_BACKEND_ROUTER", endpoint);
      for (List<String> path : paths(Mcli.COMMANDS, List.of())) {
        List<String> help = new ArrayList<>(path);
        help.add("--help");
        call(env, 0, help, failed);
      }
      call(env, 0, List.of("--version"), failed);
      call(env, 0, List.of("inventory", "count"), failed);
      call(env, 0, List.of("inventory"), failed);
      call(env, 0, List.of("inventory", "--json"), failed);
      call(env, 2, List.of("inventory", "count", "--bogus"), failed);
      call(env, 0, List.of("rpc", "--all", "echo", "hello"), failed);
      call(env, 0, List.of("rpc", "--all", "--json", "echo", "hello"), failed);
      call(env, 0, List.of("rpc", "--all", "--no-wait", "echo", "hello"), failed);
      call(env, 0, List.of("rpc", "jobs"), failed);
      call(env, 0, List.of("keys", "list"), failed);
    }
    return failed;
  }

  private static void call(Map<String, String> env, int expected, List<String> args, List<String> failed) {
    StringWriter err = new StringWriter();
    CliContext context =
        new CliContext(
            new ByteArrayInputStream(new byte[0]),
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            env);
    int code = Mcli.run(context, args.toArray(String[]::new));
    if (code != expected) {
      failed.add("mcli " + String.join(" ", args) + " (exit " + code + ": " + err.toString().strip() + ")");
    }
  }

  private static List<List<String>> paths(CommandTree node, List<String> path) {
    List<List<String>> paths = new ArrayList<>();
    paths.add(path);
    for (CommandTree child : node.children()) {
      List<String> next = new ArrayList<>(path);
      next.add(child.name());
      paths.addAll(paths(child, next));
    }
    return paths;
  }
}
