package io.mercury.cli.command.inventory;

import io.mercury.cli.CliException;
import io.mercury.cli.filter.FilterException;
import io.mercury.cli.filter.JsonQuery;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Turns command-line ids into a list, where {@code -} stands for the ids on stdin. Stdin takes what other
 * commands print: one id per line ({@code --ids}), JSON lines ({@code --json}, their {@code mercury_id}),
 * or table rows (the first column; the {@code MERCURY_ID} header is skipped). Blank lines and lines
 * starting with {@code #} are ignored. Duplicates are dropped, keeping the first.
 */
final class IdReader {
  static final String STDIN = "-";
  private static final String TABLE_HEADER = "MERCURY_ID";

  private IdReader() {}

  static List<String> read(List<String> args, InputStream stdin) throws CliException {
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    boolean stdinRead = false;
    for (String arg : args) {
      if (!arg.equals(STDIN)) {
        ids.add(arg);
      } else if (!stdinRead) {
        ids.addAll(fromStdin(stdin));
        stdinRead = true;
      }
    }
    return List.copyOf(ids);
  }

  private static List<String> fromStdin(InputStream stdin) throws CliException {
    List<String> ids = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
    try {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        if (text.startsWith("{")) {
          ids.add(fromJson(text, number));
          continue;
        }
        String first = text.split("\\s+", 2)[0];
        if (!first.equals(TABLE_HEADER)) {
          ids.add(first);
        }
      }
    } catch (IOException e) {
      throw CliException.failure("cannot read ids from stdin: " + e.getMessage());
    }
    return ids;
  }

  private static String fromJson(String text, int number) throws CliException {
    try {
      if (JsonQuery.parse(text).get("mercury_id") instanceof String id && !id.isBlank()) {
        return id;
      }
      throw CliException.usage("stdin line " + number + ": JSON document without a mercury_id");
    } catch (FilterException e) {
      throw CliException.usage("stdin line " + number + ": " + e.getMessage());
    }
  }
}
