package io.mercury.cli.command.inventory;

import io.mercury.cli.CliException;
import java.util.List;

/** Checks the dotted field paths given with {@code -p}. */
final class Fields {
  private Fields() {}

  static List<String> checked(List<String> fields, String option) throws CliException {
    for (String f : fields) {
      if (f.isBlank() || f.startsWith("$") || f.startsWith(".") || f.endsWith(".") || f.contains("..")) {
        throw CliException.usage("bad field '" + f + "' in " + option + ": expected a dotted path like dmi.sys_vendor");
      }
    }
    return fields.stream().map(String::strip).distinct().toList();
  }
}
