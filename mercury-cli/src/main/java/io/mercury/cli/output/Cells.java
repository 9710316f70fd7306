package io.mercury.cli.output;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How a document value looks in a table cell: one line, {@code -} for missing, null or empty. */
public final class Cells {
  public static final String NONE = "-";

  private Cells() {}

  public static String text(Object value) {
    return switch (value) {
      case null -> NONE;
      case String s -> s.isBlank() ? NONE : oneLine(s.strip());
      case Double d -> number(d);
      case Float f -> number(f.doubleValue());
      case List<?> list when list.stream().allMatch(Cells::isScalar) ->
          list.isEmpty() ? NONE : list.stream().map(Cells::text).collect(Collectors.joining(","));
      case List<?> list -> Json.line(list);
      case Map<?, ?> map -> Json.line(map);
      default -> oneLine(String.valueOf(value));
    };
  }

  /**
   * {@code text} cut to {@code max} characters, the last one an ellipsis when anything was cut, so a
   * long value keeps a table narrow and still shows that there is more.
   */
  public static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private static boolean isScalar(Object value) {
    return !(value instanceof List<?> || value instanceof Map<?, ?>);
  }

  private static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.toString(d);
    }
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ");
  }
}
