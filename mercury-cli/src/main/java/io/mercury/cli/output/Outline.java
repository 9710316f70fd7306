package io.mercury.cli.output;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A document as indented {@code key: value} lines, for people: nested maps indent by two spaces, a list
 * of maps or of phrases gives one {@code - } item each, a list of words or numbers is one line
 * ({@code flags: fpu, vme, de}) wrapped before {@value #WIDTH} columns, a multi-line string continues indented below its key. Times (fields
 * named {@code time}, {@code time_*}, {@code *_time_*}, {@code *_since}, {@code localtime}) are ISO-8601
 * UTC; byte counts (fields under {@code mem}, and {@code size}, {@code *size}, {@code *_bytes},
 * {@code free_space}) get their size in binary units beside the exact number. Missing, null and empty
 * values are {@code -}. Keys keep the document's order, the order {@code --json} prints them in.
 *
 * <pre>
 * mem:
 *   MemTotal: 137438953472 (128.0 GiB)
 * interfaces:
 *   - devname: eno1
 *     address: 00:1b:21:aa:bb:01
 * time_updated: 2026-12-01T09:30:00Z
 * </pre>
 */
public final class Outline {
  private static final String STEP = "  ";
  /** Where a list of plain values wraps. */
  static final int WIDTH = 100;

  private Outline() {}

  /** The lines of {@code document}, each ending with a newline. */
  public static String render(Map<?, ?> document) {
    StringBuilder out = new StringBuilder();
    appendMap(out, document, "", "", null);
    return out.toString();
  }

  /**
   * Appends the entries of {@code map}: the first line starts with {@code first} (a list item's
   * {@code - }), the others with {@code rest}.
   */
  private static void appendMap(StringBuilder out, Map<?, ?> map, String first, String rest, String parent) {
    boolean firstLine = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      appendEntry(out, firstLine ? first : rest, rest, String.valueOf(e.getKey()), e.getValue(), parent);
      firstLine = false;
    }
  }

  private static void appendEntry(
      StringBuilder out, String prefix, String indent, String key, Object value, String parent) {
    String child = indent + STEP;
    switch (value) {
      case Map<?, ?> map when !map.isEmpty() -> {
        out.append(prefix).append(key).append(":\n");
        appendMap(out, map, child, child, key);
      }
      case List<?> list when list.stream().anyMatch(Outline::isItem) -> {
        out.append(prefix).append(key).append(":\n");
        appendItems(out, list, child, key);
      }
      case List<?> list when !list.isEmpty() ->
          appendWrapped(out, prefix + key + ": ", child, list.stream().map(v -> scalar(key, parent, v)).toList());
      case String s when s.strip().contains("\n") -> {
        out.append(prefix).append(key).append(":\n");
        s.strip().lines().forEach(l -> out.append((child + l).stripTrailing()).append('\n'));
      }
      case null, default ->
          out.append(prefix).append(key).append(": ").append(scalar(key, parent, value)).append('\n');
    }
  }

  private static void appendItems(StringBuilder out, List<?> list, String indent, String key) {
    for (Object item : list) {
      switch (item) {
        case Map<?, ?> map when !map.isEmpty() -> appendMap(out, map, indent + "- ", indent + STEP, key);
        case Map<?, ?> map -> out.append(indent).append("- {}\n");
        case List<?> inner -> out.append(indent).append("- ").append(Cells.text(inner)).append('\n');
        case String text -> out.append(indent).append("- ").append(Cells.text(text)).append('\n');
        case null, default -> out.append(indent).append("- ").append(scalar(key, key, item)).append('\n');
      }
    }
  }

  /**
   * Whether a list element needs a line of its own: a map, a list, or text with spaces (joined by
   * commas, sentences such as {@code system_health.errors} would run into one another).
   */
  private static boolean isItem(Object value) {
    return value instanceof Map<?, ?>
        || value instanceof List<?>
        || (value instanceof String s && s.strip().chars().anyMatch(Character::isWhitespace));
  }

  /**
   * {@code head} and the values joined by {@code , }, wrapped before {@value #WIDTH} columns onto lines
   * starting with {@code indent}: a CPU's sixty flags stay readable.
   */
  private static void appendWrapped(StringBuilder out, String head, String indent, List<String> values) {
    StringBuilder line = new StringBuilder(head);
    boolean empty = true;
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i) + (i < values.size() - 1 ? "," : "");
      if (!empty && line.length() + 1 + value.length() > WIDTH) {
        out.append(line).append('\n');
        line = new StringBuilder(indent);
        empty = true;
      }
      line.append(empty ? "" : " ").append(value);
      empty = false;
    }
    out.append(line).append('\n');
  }

  /** One value as text: times ISO, byte counts with their size, numbers without exponents. */
  static String scalar(String key, String parent, Object value) {
    return switch (value) {
      case null -> Cells.NONE;
      case String s -> s.isBlank() ? Cells.NONE : s.strip();
      case Number n when isTime(key) -> Times.utc(n.doubleValue());
      case Number n when isBytes(key, parent) && isWhole(n) && n.longValue() >= 1024 ->
          n.longValue() + " (" + Bytes.text(n.longValue()) + ")";
      case Map<?, ?> map when map.isEmpty() -> Cells.NONE;
      default -> Cells.text(value);
    };
  }

  /** Whether a field named {@code key} holds a time in epoch seconds. */
  static boolean isTime(String key) {
    return key.equals("localtime")
        || key.endsWith("_since")
        || Arrays.asList(key.split("_")).contains("time");
  }

  /** Whether a field named {@code key} under {@code parent} holds a byte count. */
  static boolean isBytes(String key, String parent) {
    String k = key.toLowerCase(Locale.ROOT);
    if ("mem".equals(parent)) {
      return !k.startsWith("hugepages_");
    }
    return k.endsWith("size") || k.endsWith("_bytes") || k.equals("free_space");
  }

  private static boolean isWhole(Number n) {
    return n instanceof Long || n instanceof Integer || n.doubleValue() == Math.rint(n.doubleValue());
  }
}
