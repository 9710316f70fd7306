package io.mercury.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Range;

/**
 * Builds picocli's model of a {@link CommandTree}, either whole or for one command line: then only the
 * commands on the way to the one invoked are built, since picocli reads each command's annotations by
 * reflection and that is most of mcli's start-up.
 *
 * <p>A command's subcommand is the first of its words that names one, as picocli reads them: not a
 * word after {@code --}, not an option's parameter. When the words cannot be read that surely (an
 * option the command does not know, an option with a variable number of parameters, a parameter that
 * names a subcommand, a word that is neither an option nor a subcommand where the command takes no
 * positional parameters) or when the command's help is asked for, every subcommand below it is built,
 * so picocli sees what it would see with the whole tree and answers the same.
 */
final class CommandModel {
  /** No subcommand is invoked. */
  private static final int NONE = -1;

  /** Every subcommand must be built. */
  private static final int ALL = -2;

  private CommandModel() {}

  /** The whole tree, with {@code root} as the instance of its top command. */
  static CommandLine full(Object root, CommandTree tree) {
    CommandLine cli = new CommandLine(root);
    addAll(cli, tree);
    return cli;
  }

  /** The commands {@code args} go through, with {@code root} as the instance of the top command. */
  static CommandLine forArgs(Object root, CommandTree tree, List<String> args) {
    CommandLine cli = new CommandLine(root);
    addFor(cli, tree, args, 0);
    return cli;
  }

  private static void addAll(CommandLine cli, CommandTree tree) {
    for (CommandTree child : tree.children()) {
      CommandLine sub = new CommandLine(child.type());
      cli.addSubcommand(sub);
      addAll(sub, child);
    }
  }

  private static void addFor(CommandLine cli, CommandTree tree, List<String> args, int from) {
    if (tree.children().isEmpty()) {
      return;
    }
    int at = subcommandAt(cli.getCommandSpec(), tree, args, from);
    if (at == ALL) {
      addAll(cli, tree);
    } else if (at != NONE) {
      CommandTree child = tree.child(args.get(at)).orElseThrow();
      CommandLine sub = new CommandLine(child.type());
      cli.addSubcommand(sub);
      addFor(sub, child, args, at + 1);
    }
  }

  /**
   * The index in {@code args} (from {@code from} on) of the word naming the subcommand of
   * {@code spec}, {@link #NONE} or {@link #ALL}.
   */
  private static int subcommandAt(
      CommandSpec spec, CommandTree tree, List<String> args, int from) {
    boolean help = false;
    for (int i = from; i < args.size(); i++) {
      String word = args.get(i);
      if (word.equals("--")) {
        break;
      }
      if (tree.child(word).isPresent()) {
        return help ? ALL : i;
      }
      if (word.startsWith("-") && word.length() > 1) {
        int equals = word.indexOf('=');
        OptionSpec option = spec.findOption(equals > 0 ? word.substring(0, equals) : word);
        if (option == null) {
          return ALL;
        }
        help |= option.usageHelp();
        Range arity = option.arity();
        if (arity.isVariable() || arity.max() > 1) {
          return ALL;
        }
        if (arity.max() == 1 && equals < 0) {
          i++;
          if (i < args.size() && tree.child(args.get(i)).isPresent()) {
            return ALL;
          }
        }
      } else if (spec.positionalParameters().isEmpty()) {
        return ALL;
      }
    }
    return help ? ALL : NONE;
  }
}
