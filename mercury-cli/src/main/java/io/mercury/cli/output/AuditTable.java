package io.mercury.cli.output;

import io.mercury.cli.output.Table.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Audit records as a table: {@code TIME WHO ROLE SERVICE ACTION OUTCOME TARGETS DETAIL}. Targets are
 * {@code key=value} pairs, the reply's fields after {@code ->}; long targets and details are cut.
 */
public final class AuditTable {
  private static final int MAX_CELL = 60;
  private static final List<Column> COLUMNS =
      List.of(
          new Column("TIME", false),
          new Column("WHO", false),
          new Column("ROLE", false),
          new Column("SERVICE", false),
          new Column("ACTION", false),
          new Column("OUTCOME", false),
          new Column("TARGETS", false),
          new Column("DETAIL", false));

  private AuditTable() {}

  /** The table of {@code records} in the order given. */
  public static String render(List<Map<String, Object>> records) {
    List<List<String>> rows = new ArrayList<>();
    for (Map<String, Object> r : records) {
      Map<?, ?> who = r.get("who") instanceof Map<?, ?> w ? w : Map.of();
      rows.add(
          List.of(
              Times.utc(r.get("time") instanceof Number n ? n.doubleValue() : null),
              Cells.text(who.get("name")),
              Cells.text(who.get("role")),
              Cells.text(r.get("service")),
              Cells.text(r.get("action")),
              Cells.text(r.get("outcome")),
              cut(targets(r.get("targets"))),
              cut(Cells.text(r.get("detail")))));
    }
    return Table.render(COLUMNS, rows);
  }

  private static String targets(Object value) {
    if (!(value instanceof Map<?, ?> targets) || targets.isEmpty()) {
      return Cells.NONE;
    }
    List<String> parts = new ArrayList<>();
    Object result = null;
    for (Map.Entry<?, ?> e : targets.entrySet()) {
      if ("result".equals(e.getKey())) {
        result = e.getValue();
      } else {
        parts.add(e.getKey() + "=" + Cells.text(e.getValue()));
      }
    }
    if (result instanceof Map<?, ?> fields && !fields.isEmpty()) {
      parts.add("->");
      fields.forEach((k, v) -> parts.add(k + "=" + Cells.text(v)));
    }
    return String.join(" ", parts);
  }

  private static String cut(String cell) {
    return Cells.cut(cell, MAX_CELL);
  }
}
