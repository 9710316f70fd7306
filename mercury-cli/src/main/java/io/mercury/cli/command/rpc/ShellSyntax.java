package io.mercury.cli.command.rpc;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code run} executes a command without a shell: a pipe, a redirection or a command separator in its
 * words would silently reach the program as an argument ({@code ls /etc | wc -l} lists the files
 * {@code |} and {@code wc}). This finds such words, so mcli can refuse them with the way to ask for a
 * shell instead. A word quoted as part of another word ({@code 'a|b'}) is not syntax and is left alone.
 */
final class ShellSyntax {
  private static final Set<String> OPERATORS =
      Set.of("|", "||", "&&", ";", ";;", "&", ">", ">>", "<", "<<", "<<<", "2>", "2>>", "&>", "&>>", "2>&1", "|&");

  private ShellSyntax() {}

  /** The first word of {@code argv} that a shell would have taken as syntax, if any. */
  static Optional<String> in(List<String> argv) {
    for (String word : argv) {
      if (OPERATORS.contains(word)
          || (word.length() > 1 && word.endsWith(";"))
          || word.startsWith(">")
          || word.startsWith("2>")
          || word.contains("$(")
          || word.contains("`")) {
        return Optional.of(word);
      }
    }
    return Optional.empty();
  }

  /** The refusal for {@code word} in the command {@code line}, with the way to run it in a shell. */
  static String refusal(String word, String line) {
    return "run executes a command without a shell, so '" + word + "' would reach the program as an argument;"
        + " for shell syntax run: sh -c '" + line.replace("'", "'\\''") + "'";
  }
}
