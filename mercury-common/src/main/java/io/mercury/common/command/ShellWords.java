package io.mercury.common.command;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * Splits a command line into words as a POSIX shell would (Python's {@code shlex.split}), without
 * expanding anything: nothing runs a shell. Single quotes keep everything literally; double quotes keep
 * everything but the escapes {@code \"}, {@code \\}, {@code \$} and {@code \`}; a backslash outside
 * quotes keeps the next character. An unterminated quote or a trailing backslash is an {@link
 * IllegalArgumentException}.
 *
 * <p>One tokenizer, because the agent and mcli must agree on the quoting: mcli looks for shell syntax
 * ({@code |}, {@code >} …) in the words the agent will run. Two entry points, because each caller's
 * output depends on two things where they have always differed:
 *
 * <ul>
 *   <li>{@link #splitCommand}, the agent splitting a command string it was sent to run: any {@linkplain
 *       Character#isWhitespace whitespace} separates words, and the message names the command, since it
 *       travels back in the task's error, read far from where the command was written
 *       ({@code unterminated single quote in command: echo 'a}).
 *   <li>{@link #splitLine}, mcli splitting a line an operator gave it ({@code mcli rpc run 'uname -a'},
 *       a line of {@code mcli rpc shell}): only blanks and tabs separate words, and the message is bare,
 *       since mcli says which line it was ({@code mcli: line 3: unterminated single quote; not run}).
 * </ul>
 *
 * <p>The separators differ only for characters other than blank and tab (a newline, a form feed, a
 * Unicode space), which a typed line seldom holds. They are kept as they were so that neither the agent
 * nor mcli changes what it does; the cost is that mcli does not see shell syntax that only such a
 * separator sets apart, which the agent then passes to the program as an argument.
 */
public final class ShellWords {
  private ShellWords() {}

  /** What makes a line unsplittable. */
  private enum Flaw {
    SINGLE_QUOTE,
    DOUBLE_QUOTE,
    BACKSLASH
  }

  /**
   * The words of a command string the agent runs: any whitespace separates them.
   *
   * @throws IllegalArgumentException on an unterminated quote or a trailing backslash, with a message
   *     that quotes {@code command}
   */
  public static List<String> splitCommand(String command) {
    return split(command, Character::isWhitespace, flaw -> commandMessage(flaw, command));
  }

  /**
   * The words of a line given to mcli: blanks and tabs separate them.
   *
   * @throws IllegalArgumentException on an unterminated quote or a trailing backslash, with a bare
   *     message ({@code unterminated single quote}) for the caller to place
   */
  public static List<String> splitLine(String line) {
    return split(line, c -> c == ' ' || c == '\t', ShellWords::lineMessage);
  }

  private static String commandMessage(Flaw flaw, String command) {
    String what = switch (flaw) {
      case SINGLE_QUOTE -> "unterminated single quote";
      case DOUBLE_QUOTE -> "unterminated double quote";
      case BACKSLASH -> "trailing backslash";
    };
    return what + " in command: " + command;
  }

  private static String lineMessage(Flaw flaw) {
    return switch (flaw) {
      case SINGLE_QUOTE -> "unterminated single quote";
      case DOUBLE_QUOTE -> "unterminated double quote";
      case BACKSLASH -> "backslash at the end of the line";
    };
  }

  private static List<String> split(String line, IntPredicate blank, Function<Flaw, String> message) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (blank.test(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        i++;
      } else if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException(message.apply(Flaw.SINGLE_QUOTE));
        }
        word.append(line, i + 1, end);
        inWord = true;
        i = end + 1;
      } else if (c == '"') {
        i = doubleQuoted(line, i + 1, word);
        if (i < 0) {
          throw new IllegalArgumentException(message.apply(Flaw.DOUBLE_QUOTE));
        }
        inWord = true;
      } else if (c == '\\') {
        if (i + 1 >= line.length()) {
          throw new IllegalArgumentException(message.apply(Flaw.BACKSLASH));
        }
        word.append(line.charAt(i + 1));
        inWord = true;
        i += 2;
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /**
   * Appends the double-quoted text starting at {@code i}; returns the index after the closing quote, or
   * -1 when there is none.
   */
  private static int doubleQuoted(String line, int i, StringBuilder word) {
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
        word.append(line.charAt(i + 1));
        i += 2;
      } else {
        word.append(c);
        i++;
      }
    }
    return -1;
  }
}
