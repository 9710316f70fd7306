package io.mercury.agent.capability;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words as a POSIX shell would (Python's {@code shlex.split}): blanks separate
 * words, single quotes keep everything literally, double quotes keep all but {@code \"} and {@code \\},
 * a backslash outside quotes escapes the next character. No expansion of any kind: nothing runs a shell.
 */
public final class ShellWords {
  private ShellWords() {}

  /** @throws IllegalArgumentException on an unterminated quote or a trailing backslash */
  public static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated single quote in command: " + line);
        }
        word.append(line, i + 1, end);
        i = end;
        inWord = true;
      } else if (c == '"') {
        int j = i + 1;
        for (; j < line.length() && line.charAt(j) != '"'; j++) {
          char d = line.charAt(j);
          if (d == '\\' && j + 1 < line.length() && "\"\\$`".indexOf(line.charAt(j + 1)) >= 0) {
            word.append(line.charAt(++j));
          } else {
            word.append(d);
          }
        }
        if (j >= line.length()) {
          throw new IllegalArgumentException("unterminated double quote in command: " + line);
        }
        i = j;
        inWord = true;
      } else if (c == '\\') {
        if (i + 1 >= line.length()) {
          throw new IllegalArgumentException("trailing backslash in command: " + line);
        }
        word.append(line.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
