package io.mercury.inspector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mercury.common.id.MercuryIdException;
import io.mercury.common.logging.Logging;
import io.mercury.inspector.collect.LldpOptions;
import io.mercury.inspector.collect.Sources;
import io.mercury.inspector.source.CommandResult;
import io.mercury.inspector.source.CommandRunner;
import io.mercury.inspector.source.ProcessCommandRunner;
import io.mercury.inspector.source.SystemRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bin/mercury inspect [--pretty] [--root DIR] [--tool-timeout SECONDS] [--lldp-socket PATH]
 * [--lldp-listen SECONDS]}: prints this machine's
 * device document as JSON on standard output; the reasons for any missing part go to standard error.
 * With {@code --root} another machine's captured tree is read instead, and no tool is run.
 */
public final class InspectorMain {
  private InspectorMain() {}

  public static void main(String[] args) throws Exception {
    Logging.configure("mercury-inspect", System.getenv().getOrDefault("MERCURY_LOG_LEVEL", "INFO"), "console", System.err);
    boolean pretty = false;
    Path root = Path.of("/");
    Duration timeout = Duration.ofSeconds(30);
    String lldpSocket = null;
    Duration lldpListen = Duration.ZERO;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--pretty" -> pretty = true;
        case "--root" -> root = Path.of(value(args, ++i, "--root"));
        case "--tool-timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value(args, ++i, "--tool-timeout")));
        case "--lldp-socket" -> lldpSocket = value(args, ++i, "--lldp-socket");
        case "--lldp-listen" -> lldpListen = Duration.ofSeconds(Long.parseLong(value(args, ++i, "--lldp-listen")));
        default ->
            fail(2, "unknown argument '" + args[i] + "'; usage: inspect [--pretty] [--root DIR] [--tool-timeout SECONDS] [--lldp-socket PATH] [--lldp-listen SECONDS]");
      }
    }
    if (!Files.isDirectory(root)) {
      fail(2, "--root " + root + " is not a directory");
    }
    Sources sources =
        new Sources(
            new SystemRoot(root), toolsFor(root), timeout, new LldpOptions(Optional.ofNullable(lldpSocket), lldpListen));
    Map<String, Object> document;
    try {
      document = new Inspector(sources, Inspector.standardCollectors()).inspect();
    } catch (MercuryIdException e) {
      fail(1, "cannot identify this machine: no DMI identifiers and no MAC address (" + e.getMessage() + ")");
      return;
    }
    ObjectMapper json = new ObjectMapper();
    if (pretty) {
      json.enable(SerializationFeature.INDENT_OUTPUT);
    }
    System.out.println(json.writeValueAsString(document));
  }

  /**
   * Tools report on the machine they run on, so against another machine's tree (a {@code --root} other
   * than {@code /}) none is run: their keys are null with that reason, rather than this machine's facts
   * mixed into another machine's document.
   */
  private static CommandRunner toolsFor(Path root) {
    if (root.toAbsolutePath().normalize().equals(Path.of("/"))) {
      return new ProcessCommandRunner();
    }
    return (command, timeout) ->
        new CommandResult(CommandResult.Outcome.MISSING, -1, "", command.get(0) + " is not run against --root " + root);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      fail(2, flag + " needs a value");
    }
    return args[i];
  }

  private static void fail(int code, String message) {
    System.err.println("mercury inspect: " + message);
    System.exit(code);
  }
}
