package io.mercury.common.bootscript;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Text placed into an iPXE script. iPXE has no quoting and no escapes: a script line is split at white
 * space; a word {@code &&}, {@code ||} or {@code ;} ends a command and starts the next, a word that
 * begins with {@code #} comments out the rest of the line, and {@code ${name}} is replaced by a setting.
 * A line feed starts a new command. So a value that holds any of these can change what a script does,
 * and nothing can make it literal: such a value is refused ({@link #unsafe}), and a message printed by
 * {@code echo} is made harmless instead ({@link #printable}).
 */
public final class IpxeText {
  private IpxeText() {}

  /**
   * Why a value may not go into a script, or empty when it may: it holds a control character (a line
   * feed, a carriage return, a tab...), <code>${</code>, a word {@code &&}, {@code ||} or {@code ;}, or a word
   * that begins with {@code #}; or it begins or ends with a word made only of {@code &}, {@code |} and
   * {@code ;}, which the template's text next to it could complete.
   */
  public static Optional<String> unsafe(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        return Optional.of(String.format("holds a control character (U+%04X), which would start a new iPXE command or word", (int) c));
      }
    }
    if (value.contains("${")) {
      return Optional.of("holds '${', which iPXE expands as a setting");
    }
    String[] words = value.split(" ", -1);
    for (String word : words) {
      if (word.equals("&&") || word.equals("||") || word.equals(";")) {
        return Optional.of("holds the word '" + word + "', which separates iPXE commands");
      }
      if (word.startsWith("#")) {
        return Optional.of("holds a word that begins with '#', which comments out the rest of an iPXE line");
      }
    }
    if (separatorChars(words[0]) || separatorChars(words[words.length - 1])) {
      return Optional.of("begins or ends with '&', '|' or ';', which the script's text next to it could make an iPXE command separator");
    }
    return Optional.empty();
  }

  /**
   * A message for an {@code echo} line: control characters become spaces, <code>${</code> becomes
   * <code>$ {</code>, and a word that iPXE would take as a separator or a comment is quoted.
   */
  public static String printable(String message) {
    StringBuilder oneLine = new StringBuilder(message.length());
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      oneLine.append(Character.isISOControl(c) ? ' ' : c);
    }
    String text = oneLine.toString().replaceAll(" {2,}", " ").replace("${", "$ {");
    return Arrays.stream(text.split(" ", -1))
        .map(w -> separatorChars(w) || w.startsWith("#") ? "'" + w + "'" : w)
        .collect(Collectors.joining(" "));
  }

  /** A non-empty word made only of {@code &}, {@code |} and {@code ;}. */
  private static boolean separatorChars(String word) {
    return !word.isEmpty() && word.chars().allMatch(c -> c == '&' || c == '|' || c == ';');
  }
}
