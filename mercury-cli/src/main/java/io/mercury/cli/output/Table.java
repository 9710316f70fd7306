package io.mercury.cli.output;

import java.util.List;

/**
 * A plain-text table: a header row, then one row per item, columns separated by two spaces and padded
 * to their widest cell. Numeric columns are right-aligned. No trailing spaces.
 */
public final class Table {
  /** A column's header and alignment. */
  public record Column(String header, boolean alignRight) {}

  private Table() {}

  /** The table, one line per row, each ending with a newline. */
  public static String render(List<Column> columns, List<List<String>> rows) {
    int[] widths = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      widths[c] = columns.get(c).header().length();
    }
    for (List<String> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException(
            "row has " + row.size() + " cells for " + columns.size() + " columns");
      }
      for (int c = 0; c < row.size(); c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    appendRow(out, columns, columns.stream().map(Column::header).toList(), widths);
    rows.forEach(row -> appendRow(out, columns, row, widths));
    return out.toString();
  }

  /**
   * Rows alone, left-aligned, without a header: the lists inside a view (a device's disks, a task's
   * history), where a header would only repeat what the label above says. Each line ends with a newline.
   */
  public static String body(List<List<String>> rows) {
    if (rows.isEmpty()) {
      return "";
    }
    List<Column> columns = rows.getFirst().stream().map(c -> new Column("", false)).toList();
    String table = render(columns, rows);
    return table.substring(table.indexOf('\n') + 1);
  }

  private static void appendRow(
      StringBuilder out, List<Column> columns, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) {
        line.append("  ");
      }
      String cell = cells.get(c);
      String pad = " ".repeat(widths[c] - cell.length());
      line.append(columns.get(c).alignRight() ? pad + cell : cell + pad);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
