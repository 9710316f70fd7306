package io.mercury.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * A call builds picocli's model of the commands it invokes only, and answers exactly as the whole
 * model does.
 */
class CommandModelTest {
  private static final String NOBODY = "tcp://127.0.0.1:1";

  @Test
  void inventoryCountBuildsOnlyInventoryAndCount() {
    CommandLine cli = lazy("inventory", "count", "dmi.sys_vendor=HP");

    assertThat(names(cli)).containsExactly("inventory");
    CommandLine inventory = cli.getSubcommands().get("inventory");
    assertThat(names(inventory)).containsExactly("count");
    assertThat(names(inventory.getSubcommands().get("count"))).isEmpty();
  }

  @Test
  void rpcEchoBuildsOnlyRpc() {
    CommandLine cli = lazy("--timeout", "3", "rpc", "-t", "01aa", "echo", "hi", "--wait");

    assertThat(names(cli)).containsExactly("rpc");
    assertThat(names(cli.getSubcommands().get("rpc"))).isEmpty();
  }

  @Test
  void aSubcommandAfterOptionsAndTheirValuesIsFound() {
    CommandLine cli = lazy("--rpc=tcp://h:1", "--inventory", "tcp://h:2", "keys", "--backend", "tcp://h:3", "list");

    assertThat(names(cli)).containsExactly("keys");
    assertThat(names(cli.getSubcommands().get("keys"))).containsExactly("list");
  }

  @Test
  void versionBuildsNoSubcommand() {
    assertThat(names(lazy("--version"))).isEmpty();
    assertThat(names(lazy())).isEmpty();
  }

  @Test
  void helpBuildsEverySubcommandOfItsLevel() {
    assertThat(names(lazy("--help"))).containsExactlyElementsOf(childNames(Mcli.COMMANDS));
    CommandLine rpc = lazy("rpc", "-h").getSubcommands().get("rpc");
    assertThat(names(rpc)).containsExactly("submit", "job", "jobs", "cancel", "task", "list");
  }

  @Test
  void wordsItCannotReadSurelyBuildEverything() {
    // an option's value that names a subcommand; an unknown option; a word where no positional fits
    assertThat(names(lazy("--inventory", "rpc", "inventory"))).hasSize(Mcli.COMMANDS.children().size());
    assertThat(names(lazy("--bogus", "inventory"))).hasSize(Mcli.COMMANDS.children().size());
    assertThat(names(lazy("invntory", "count"))).hasSize(Mcli.COMMANDS.children().size());
    assertThat(names(lazy("rpc", "run", "ls", "-la").getSubcommands().get("rpc"))).hasSize(6);
  }

  @Test
  void wordsAfterDoubleDashAreNotSubcommands() {
    CommandLine cli = lazy("rpc", "-t", "01aa", "--", "run", "job");

    assertThat(names(cli.getSubcommands().get("rpc"))).isEmpty();
  }

  static List<List<String>> commandLines() {
    return List.of(
        List.of(),
        List.of("--help"),
        List.of("--version"),
        List.of("-hV"),
        List.of("--bogus"),
        List.of("invntory"),
        List.of("inventory", "--help"),
        List.of("inventory", "count", "--help"),
        List.of("inventory", "count", "bad filter", "--timeout", "0.1"),
        List.of("inventory", "--json", "--ids"),
        List.of("inventory", "-n", "-1", "count", "--timeout", "0.1"),
        List.of("--inventory", "rpc", "inventory", "count"),
        List.of("--timeout", "0", "inventory", "count"),
        List.of("--timeout", "0.1", "--inventory", NOBODY, "inventory", "count"),
        List.of("inventory", "count", "--timeout=0.1", "--inventory=" + NOBODY),
        List.of("rpc"),
        List.of("rpc", "-h"),
        List.of("rpc", "job"),
        List.of("rpc", "job", "--help"),
        List.of("rpc", "jobs", "--bogus"),
        List.of("rpc", "run", "ls", "-la", "--timeout", "0.1", "--rpc", NOBODY),
        List.of("rpc", "-t", "01aa", "echo", "hi", "--wait", "--timeout", "0.1", "--rpc", NOBODY),
        List.of("rpc", "--timeout", "0.1", "-t", "01aa", "--", "run", "job"),
        List.of("shell", "--help"),
        List.of("boot"),
        List.of("boot", "state", "--help"),
        List.of("log", "--help"),
        List.of("audit", "--help"),
        List.of("keygen", "--help"),
        List.of("keys"),
        List.of("keys", "lst"),
        List.of("keys", "list", "--backend", "nonsense"),
        List.of("keys", "accept"),
        List.of("keys", "--help", "list"));
  }

  @ParameterizedTest
  @MethodSource("commandLines")
  void answersAsTheWholeModelDoes(List<String> args) {
    String[] words = args.toArray(String[]::new);
    Outcome whole = run((context, a) -> Mcli.execute(Mcli.commandLine(context), a), words);
    Outcome lazy = run(Mcli::run, words);

    assertThat(lazy).isEqualTo(whole);
  }

  @Test
  void everyCommandIsReachableWithItsHelp() {
    List<List<String>> paths = new ArrayList<>();
    collect(Mcli.COMMANDS, List.of(), paths);
    assertThat(paths).hasSizeGreaterThan(20);

    for (List<String> path : paths) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      Outcome help = run(Mcli::run, args.toArray(String[]::new));

      assertThat(help.code()).as("mcli %s --help", path).isZero();
      String usage = "Usage: " + String.join(" ", prepend("mcli", path));
      assertThat(help.out()).as("mcli %s --help", path).startsWith(usage + " ");
      CommandTree node = node(path);
      for (String child : childNames(node)) {
        assertThat(help.out()).as("mcli %s --help lists %s", path, child).containsPattern("(?m)^  " + child + " ");
      }
    }
  }

  @Test
  void everyCommandClassIsInTheTree() throws Exception {
    List<Class<?>> inTree = new ArrayList<>();
    collectTypes(Mcli.COMMANDS, inTree);
    java.nio.file.Path classes = java.nio.file.Path.of(Mcli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> annotated = new ArrayList<>();
    try (var files = java.nio.file.Files.walk(classes.resolve("io/mercury/cli"))) {
      for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        Class<?> type = Class.forName(name, false, Mcli.class.getClassLoader());
        if (type.isAnnotationPresent(CommandLine.Command.class) && !name.startsWith("io.mercury.cli.stack.")) {
          annotated.add(type);
        }
      }
    }
    assertThat(annotated).hasSizeGreaterThan(20);
    assertThat(inTree).containsExactlyInAnyOrderElementsOf(annotated);
  }

  private record Outcome(int code, String out, String err) {}

  private static Outcome run(BiFunction<CliContext, String[], Integer> mcli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context =
        new CliContext(
            new ByteArrayInputStream(new byte[0]),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            Map.of(
                "SECURITY_CURVE", "off",
                "MERCURY_INVENTORY_ROUTER", NOBODY,
                "MERCURY_RPC_ROUTER", NOBODY,
                "MERCURY_LOG_ROUTER", NOBODY,
                "MERCURY_BACKEND_ROUTER", NOBODY));
    int code = mcli.apply(context, args);
    return new Outcome(code, out.toString(), err.toString());
  }

  private static CommandLine lazy(String... args) {
    CliContext context =
        new CliContext(
            new ByteArrayInputStream(new byte[0]),
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()),
            Map.of());
    return Mcli.commandLine(context, args);
  }

  private static List<String> names(CommandLine cli) {
    return List.copyOf(cli.getSubcommands().keySet());
  }

  private static List<String> childNames(CommandTree node) {
    return node.children().stream().map(CommandTree::name).toList();
  }

  private static List<String> prepend(String first, List<String> rest) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }

  private static CommandTree node(List<String> path) {
    CommandTree node = Mcli.COMMANDS;
    for (String name : path) {
      node = node.child(name).orElseThrow();
    }
    return node;
  }

  private static void collect(CommandTree node, List<String> path, List<List<String>> paths) {
    paths.add(path);
    for (CommandTree child : node.children()) {
      List<String> next = new ArrayList<>(path);
      next.add(child.name());
      collect(child, next, paths);
    }
  }

  private static void collectTypes(CommandTree node, List<Class<?>> types) {
    types.add(node.type());
    node.children().forEach(c -> collectTypes(c, types));
  }

  @Test
  void childNamesAreUnique() {
    List<CommandTree> all = new ArrayList<>();
    all.add(Mcli.COMMANDS);
    for (int i = 0; i < all.size(); i++) {
      CommandTree node = all.get(i);
      assertThat(Set.copyOf(childNames(node))).hasSameSizeAs(childNames(node));
      all.addAll(node.children());
    }
  }
}
