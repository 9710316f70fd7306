package io.mercury.cli.command.rpc;

import io.mercury.cli.CliException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The words of {@code mcli rpc [FILTER...] METHOD [ARG...]}, split into filters, the method and its
 * arguments.
 *
 * <p>The first word that is a plain name (letters, digits and {@code _}, not starting with a digit:
 * what a capability is called) is the METHOD; every word before it is a FILTER, every word after it an
 * ARG. Filters therefore always contain an operator ({@code = != < <= > >= ~}), start with {@code !}, or
 * are dotted paths ({@code bmc.network.ip_address}, present and not null). A bare undotted key cannot be
 * a presence filter here; rpc only reaches active devices anyway, and {@code -q} says anything else.
 *
 * @param filters the filters, as typed
 * @param method the capability to call
 * @param args its positional arguments, as strings
 */
record ShortForm(List<String> filters, String method, List<String> args) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  ShortForm {
    filters = List.copyOf(filters);
    args = List.copyOf(args);
  }

  /** Whether {@code word} is a plain name, which in {@code mcli rpc} words is the method. */
  static boolean isMethodName(String word) {
    return NAME.matcher(word).matches();
  }

  static ShortForm parse(List<String> words) throws CliException {
    for (int i = 0; i < words.size(); i++) {
      if (isMethodName(words.get(i))) {
        return new ShortForm(words.subList(0, i), words.get(i), words.subList(i + 1, words.size()));
      }
    }
    if (words.isEmpty()) {
      throw CliException.usage(
          "missing METHOD (or a command: submit, job, jobs, cancel, task, list)");
    }
    throw CliException.usage(
        "missing METHOD after the filters " + String.join(" ", words)
            + " (a method is a plain name like echo or run)");
  }
}
