package io.mercury.cli.output;

import java.util.ArrayList;
import java.util.List;

/**
 * The head of a readable view: one labelled value per line, the values aligned in one column so the eye
 * runs down them. A value of several lines (a device's disks, its interfaces) continues in the value
 * column. Built in the order the rows are added, then rendered once.
 *
 * <pre>
 * job_id    5f0c...
 * state     finished
 * disks     sda      1.1 TiB  disk
 *           nvme0n1  1.5 TiB  ssd
 * </pre>
 */
public final class Summary {
  private record Row(String label, List<String> lines) {}

  private final List<Row> rows = new ArrayList<>();

  /** Adds {@code label} with a one-line value ({@code -} when null or blank). */
  public Summary add(String label, String value) {
    return add(label, List.of(value == null || value.isBlank() ? Cells.NONE : value));
  }

  /** Adds {@code label} with a value of several lines ({@code -} when there are none). */
  public Summary add(String label, List<String> lines) {
    rows.add(new Row(label, lines.isEmpty() ? List.of(Cells.NONE) : List.copyOf(lines)));
    return this;
  }

  /** The rows, each line ending with a newline; no trailing spaces. */
  public String render() {
    int width = rows.stream().mapToInt(r -> r.label().length()).max().orElse(0);
    StringBuilder out = new StringBuilder();
    for (Row row : rows) {
      String label = row.label() + " ".repeat(width - row.label().length() + 2);
      String continued = " ".repeat(label.length());
      for (int i = 0; i < row.lines().size(); i++) {
        String line = (i == 0 ? label : continued) + row.lines().get(i);
        out.append(line.stripTrailing()).append('\n');
      }
    }
    return out.toString();
  }
}
