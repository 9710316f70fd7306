package io.mercury.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * A command of mcli and its subcommands, declared here instead of in picocli's {@code subcommands}
 * attribute so that {@link CommandModel} can build the model of only the subcommands a command line
 * invokes. The name of a command is its {@link Command#name()}.
 *
 * @param type the {@link Command}-annotated class
 * @param children its subcommands, in the order help lists them
 */
public record CommandTree(Class<?> type, List<CommandTree> children) {
  public CommandTree {
    if (type.getAnnotation(Command.class) == null) {
      throw new IllegalArgumentException(type.getName() + " is not a @Command");
    }
    children = List.copyOf(children);
  }

  /** A command with these subcommands. */
  public static CommandTree of(Class<?> type, CommandTree... children) {
    return new CommandTree(type, Arrays.asList(children));
  }

  /** The command's name, as typed on the command line. */
  public String name() {
    return type.getAnnotation(Command.class).name();
  }

  /** The subcommand called {@code word} (its name or one of its aliases). */
  public Optional<CommandTree> child(String word) {
    for (CommandTree child : children) {
      Command command = child.type.getAnnotation(Command.class);
      if (command.name().equals(word) || Arrays.asList(command.aliases()).contains(word)) {
        return Optional.of(child);
      }
    }
    return Optional.empty();
  }
}
