package io.mercury.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Recovery times measured by the chaos tests, printed as each is measured and written as a Markdown
 * table to {@code target/chaos/recovery.md} (for docs/operations.md and CI artifacts).
 */
final class RecoveryReport {
  /**
   * One fault.
   *
   * @param fault what was done
   * @param outage seconds from the fault to the daemon serving again (or the partition healing)
   * @param firstProgress seconds from the restart (or heal) to the first agent result acknowledged after it
   * @param completion seconds from the restart (or heal) to every task of the job being terminal
   * @param outcome task counts by final status, and re-deliveries the agents refused
   */
  record Row(String fault, double outage, double firstProgress, double completion, String outcome) {}

  private final List<Row> rows = new ArrayList<>();

  synchronized void add(Row row) {
    rows.add(row);
    System.out.printf("chaos: %s: outage %.1f s, first progress %.1f s and job complete %.1f s after recovery; %s%n",
        row.fault(), row.outage(), row.firstProgress(), row.completion(), row.outcome());
  }

  synchronized void write(Path file) {
    StringBuilder md = new StringBuilder();
    md.append("| fault | outage (s) | restart to first result (s) | restart to job complete (s) | outcome |\n");
    md.append("|---|---|---|---|---|\n");
    for (Row r : rows) {
      md.append(String.format("| %s | %.1f | %s | %.1f | %s |%n",
          r.fault(), r.outage(), r.firstProgress() < 0 ? "–" : String.format("%.1f", r.firstProgress()), r.completion(), r.outcome()));
    }
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, md.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
