package io.mercury.cli.command.rpc;

import io.mercury.cli.CliException;
import io.mercury.cli.filter.FilterException;
import io.mercury.cli.filter.JsonQuery;
import io.mercury.common.command.ShellWords;
import io.mercury.common.protocol.frontend.Instruction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/** The parts of an instruction common to every job command: kwargs and the task timeout. */
public final class CallOptions {
  @Option(
      names = {"-k", "--kwargs"},
      paramLabel = "JSON",
      description = "Keyword arguments, a JSON object: -k '{\"dry_run\": true}'.")
  String kwargs;

  @Option(
      names = "--task-timeout",
      paramLabel = "SECONDS",
      description = {
        "How long each task may run on its device before it is timed out",
        "(default: the capability's own timeout). Not --timeout, the reply wait."
      })
  Double taskTimeout;

  /** The instruction calling {@code method} with {@code args}; usage error for bad -k or timeout. */
  Instruction.Primitive instruction(String method, List<String> args) throws CliException {
    Map<String, Object> kw = Map.of();
    if (kwargs != null) {
      try {
        kw = JsonQuery.parseObject(kwargs, "-k JSON");
      } catch (FilterException e) {
        throw CliException.usage(e.getMessage());
      }
    }
    return new Instruction.Primitive(method, arguments(method, args), kw, checkedTaskTimeout(taskTimeout));
  }

  /**
   * The positional arguments of the call. {@code run} and {@code run_async} take one argument, the
   * command; several words after them are that command's argument list (run without a shell), so
   * {@code mcli rpc run uname -a} runs {@code uname -a}, as does {@code mcli rpc run 'uname -a'}.
   */
  static List<Object> arguments(String method, List<String> args) throws CliException {
    if (COMMAND_METHODS.contains(method)) {
      List<String> argv = args.size() == 1 ? splitCommand(args.getFirst()) : args;
      var syntax = ShellSyntax.in(argv);
      if (syntax.isPresent() && !startsAShell(argv)) {
        throw CliException.usage(ShellSyntax.refusal(syntax.get(), String.join(" ", args)));
      }
    }
    if (COMMAND_METHODS.contains(method) && args.size() > 1) {
      return List.of(List.copyOf(args));
    }
    return new ArrayList<>(args);
  }

  /** A one-word command, split as the agent will split it; unsplittable text is left to the agent's refusal. */
  private static List<String> splitCommand(String command) {
    try {
      return ShellWords.splitLine(command);
    } catch (IllegalArgumentException e) {
      return List.of(command);
    }
  }

  /** Whether the command is itself a shell running a script ({@code sh -c '...'}): its words are the script's. */
  private static boolean startsAShell(List<String> argv) {
    return argv.size() >= 2
        && Set.of("sh", "bash", "/bin/sh", "/bin/bash", "dash", "zsh").contains(argv.get(0))
        && argv.get(1).equals("-c");
  }

  private static final java.util.Set<String> COMMAND_METHODS = java.util.Set.of("run", "run_async");

  /** {@code seconds} when it is a sensible task timeout (or null); otherwise a usage error. */
  static Double checkedTaskTimeout(Double seconds) throws CliException {
    if (seconds != null && !(seconds > 0 && seconds <= 30 * 86_400)) {
      throw CliException.usage(
          "--task-timeout must be more than 0 and at most 2592000 seconds, was " + seconds);
    }
    return seconds;
  }
}
