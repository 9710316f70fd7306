package io.mercury.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands of the README's tour: every line starting with {@code $ } inside a fenced code block
 * from the heading {@value #FIRST_HEADING} up to {@value #END_HEADING} (the tour and the keys block
 * after it), each cut at its shell comment. Lines without {@code $ } in those blocks are sample output.
 */
final class ReadmeTour {
  static final String FIRST_HEADING = "## A short tour";
  static final String END_HEADING = "## Documentation";
  private static final String PROMPT = "$ ";
  private static final String FENCE = "```";

  private ReadmeTour() {}

  /** The tour's commands, in README order. */
  static List<String> commands(Path readme) {
    List<String> lines;
    try {
      lines = Files.readAllLines(readme);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + readme, e);
    }
    int start = lines.indexOf(FIRST_HEADING);
    int end = lines.indexOf(END_HEADING);
    if (start < 0 || end < start) {
      throw new IllegalStateException(
          readme + " has no '" + FIRST_HEADING + "' section followed by '" + END_HEADING + "'; the tour test needs both headings");
    }
    List<String> commands = new ArrayList<>();
    boolean fenced = false;
    for (String line : lines.subList(start + 1, end)) {
      if (line.startsWith(FENCE)) {
        fenced = !fenced;
      } else if (fenced && line.startsWith(PROMPT)) {
        commands.add(withoutComment(line.substring(PROMPT.length())).strip());
      }
    }
    return commands;
  }

  /**
   * The line up to its shell comment: a {@code #} that starts a word outside quotes, as bash reads it.
   * A {@code #} inside {@code '...'} or {@code "..."} (a JSON query, a regex) or inside a word is text.
   */
  static String withoutComment(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote == '"') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\\') {
        i++;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i);
      }
    }
    return line;
  }
}
