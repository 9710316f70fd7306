package io.mercury.cli.command.rpc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where mcli's options end in {@code mcli rpc [OPTION|FILTER...] METHOD [ARG...]}: at the method name.
 * Every word after it belongs to the method, even one that looks like an mcli option, so {@code run df -h
 * -w} passes {@code -w} to {@code df} and {@code run grep -w root f} greps for words. Options for mcli go
 * before the method; an explicit {@code --} keeps its usual meaning.
 *
 * <p>The boundary is marked by inserting {@code --} before the method, which picocli reads as "only
 * positional parameters from here". Finding the method needs the options' arity (the word after {@code -t}
 * is a mercury_id, not a method), taken from the command's model.
 */
public final class MethodBoundary {
  static final String END_OF_OPTIONS = "--";

  private MethodBoundary() {}

  /**
   * {@code args} with {@code --} inserted before the method of an {@code mcli rpc} call; unchanged for
   * other commands, for rpc's own subcommands ({@code jobs}, {@code job}, ...) and when {@code --} is
   * already there.
   */
  public static String[] mark(CommandLine root, String[] args) {
    CommandLine rpc = root.getSubcommands().get("rpc");
    if (rpc == null) {
      return args;
    }
    int command = firstPositional(root.getCommandSpec(), args, 0);
    if (command < 0 || !args[command].equals("rpc")) {
      return args;
    }
    boolean firstWord = true;
    for (int i = command + 1; i < args.length; i++) {
      String word = args[i];
      if (word.equals(END_OF_OPTIONS)) {
        return args;
      }
      if (isOption(word)) {
        i += valueWords(rpc.getCommandSpec(), word);
        continue;
      }
      if (firstWord && rpc.getSubcommands().containsKey(word)) {
        return args;
      }
      firstWord = false;
      if (ShortForm.isMethodName(word)) {
        List<String> marked = new ArrayList<>(Arrays.asList(args));
        marked.add(i, END_OF_OPTIONS);
        return marked.toArray(String[]::new);
      }
    }
    return args;
  }

  /** The index of the first word of {@code args} from {@code from} that is no option or option value. */
  private static int firstPositional(CommandSpec spec, String[] args, int from) {
    for (int i = from; i < args.length; i++) {
      if (args[i].equals(END_OF_OPTIONS)) {
        return -1;
      }
      if (!isOption(args[i])) {
        return i;
      }
      i += valueWords(spec, args[i]);
    }
    return -1;
  }

  private static boolean isOption(String word) {
    return word.length() > 1 && word.startsWith("-");
  }

  /** How many of the following words are this option's value: 1 for {@code -t ID}, 0 for flags and {@code --x=v}. */
  private static int valueWords(CommandSpec spec, String word) {
    if (word.contains("=")) {
      return 0;
    }
    OptionSpec option = spec.findOption(word);
    return option != null && option.arity().max() > 0 && !option.typeInfo().isBoolean() ? 1 : 0;
  }
}
