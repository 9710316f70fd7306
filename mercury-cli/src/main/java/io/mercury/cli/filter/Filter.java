package io.mercury.cli.filter;

import java.math.BigDecimal;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One compact filter, e.g. {@code dmi.sys_vendor=HP} or {@code mem.MemTotal>=64e9}.
 *
 * <p>Forms: {@code key=value}, {@code key!=value}, {@code key<value}, {@code key<=value},
 * {@code key>value}, {@code key>=value}, {@code key~regex}, a bare {@code key} (present and not null) and
 * {@code !key} (missing or null). Keys are dotted paths into the device document.
 *
 * <p>Values are typed: a value that reads as a number ({@code 42}, {@code -3}, {@code 1.5},
 * {@code 64e9}) is a number (integral values become integers), {@code true}, {@code false} and
 * {@code null} are those literals, anything else is a string. Double quotes force a string:
 * {@code 'dmi.chassis_type="17"'} matches the string {@code "17"} (DMI fields are strings), whereas
 * {@code dmi.chassis_type=17} looks for the number 17. A regex value is never typed. An ordering
 * ({@code < <= > >=}) takes a number or a size ({@code 300G}); an unquoted word there is refused, since
 * MongoDB would compare it with strings only and a numeric field would silently match nothing.
 *
 * @param text the filter as typed
 * @param field the dotted field path
 * @param operator the comparison
 * @param value the typed value; null for {@link Operator#PRESENT} and {@link Operator#MISSING}
 */
public record Filter(String text, String field, Operator operator, Object value) {
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  /** Parses one filter; the exception names the filter and what is wrong with it. */
  public static Filter parse(String text) throws FilterException {
    if (text.isBlank()) {
      throw FilterException.badFilter(text, "empty filter");
    }
    if (text.startsWith("!") && !text.startsWith("!=")) {
      String field = text.substring(1);
      if (indexOfOperator(field) >= 0) {
        throw FilterException.badFilter(
            text, "'!' only negates a bare field name (use '!=' to compare)");
      }
      return new Filter(text, checkField(text, field), Operator.MISSING, null);
    }
    int at = indexOfOperator(text);
    if (at < 0) {
      return new Filter(text, checkField(text, text), Operator.PRESENT, null);
    }
    Operator op =
        Operator.at(text, at)
            .orElseThrow(
                () ->
                    FilterException.badFilter(
                        text, "unknown operator '" + text.charAt(at) + "' (did you mean '!='?)"));
    String field = text.substring(0, at);
    if (field.isEmpty()) {
      throw FilterException.badFilter(text, "missing field name before '" + op.symbol() + "'");
    }
    checkField(text, field);
    String raw = text.substring(at + op.symbol().length());
    if (raw.isEmpty()) {
      throw FilterException.badFilter(
          text,
          "missing value after '" + op.symbol() + "'"
              + (op == Operator.EQ ? " (write key=\"\" to match an empty string)" : ""));
    }
    if (op == Operator.REGEX) {
      return new Filter(text, field, op, checkRegex(text, raw));
    }
    if (Operator.OPERATOR_CHARS.indexOf(raw.charAt(0)) >= 0) {
      throw FilterException.badFilter(
          text,
          "'" + raw.charAt(0) + "' right after '" + op.symbol() + "'"
              + " (quote the value to compare with a string starting with it)");
    }
    if (ORDERING.contains(op)) {
      Long size = size(raw);
      if (size != null) {
        return new Filter(text, field, op, size);
      }
      if (typed(raw) instanceof String word && !raw.startsWith("\"")) {
        // MongoDB orders a string only against strings: mem.MemTotal>=lots would match no device, silently
        throw FilterException.badFilter(
            text,
            "'" + word + "' is not a number or a size (64e9, 300G, 512MiB), and a word compares only with words,"
                + " never with numbers; to compare strings, quote it: '" + field + op.symbol() + "\"" + word + "\"'");
      }
    }
    return new Filter(text, field, op, typed(raw));
  }

  private static final java.util.Set<Operator> ORDERING = java.util.EnumSet.of(Operator.LT, Operator.LTE, Operator.GT, Operator.GTE);
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKmMgGtTpP])(i?)[bB]?");

  /**
   * A size with a unit, in bytes: {@code 300G} and {@code 300GB} are 300e9 (the inventory stores memory
   * as the original did, kB times 1000), {@code 512MiB} is 512 * 2^20; null when {@code raw} is not one.
   */
  static Long size(String raw) {
    var m = SIZE.matcher(raw);
    if (!m.matches()) {
      return null;
    }
    int power = "kmgtp".indexOf(Character.toLowerCase(m.group(2).charAt(0))) + 1;
    BigDecimal unit = m.group(3).isEmpty() ? BigDecimal.TEN.pow(3 * power) : BigDecimal.valueOf(2).pow(10 * power);
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(unit);
    return bytes.compareTo(LONG_MAX) > 0 ? null : bytes.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
  }

  private static int indexOfOperator(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Operator.OPERATOR_CHARS.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static String checkField(String text, String field) throws FilterException {
    if (field.isEmpty()) {
      throw FilterException.badFilter(text, "missing field name");
    }
    if (field.startsWith("$")) {
      throw FilterException.badFilter(text, "field name must not start with '$'");
    }
    if (field.startsWith(".") || field.endsWith(".") || field.contains("..")) {
      throw FilterException.badFilter(text, "field path has an empty part");
    }
    if (!field.strip().equals(field)) {
      throw FilterException.badFilter(text, "field name has leading or trailing spaces");
    }
    return field;
  }

  private static String checkRegex(String text, String regex) throws FilterException {
    try {
      Pattern.compile(regex);
      return regex;
    } catch (PatternSyntaxException e) {
      throw FilterException.badFilter(text, "invalid regex: " + e.getDescription());
    }
  }

  /** The typed value of {@code raw}: number, boolean, null or string (see the class comment). */
  static Object typed(String raw) {
    if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
      return raw.substring(1, raw.length() - 1);
    }
    switch (raw) {
      case "true" -> {
        return true;
      }
      case "false" -> {
        return false;
      }
      case "null" -> {
        return null;
      }
      default -> {}
    }
    if (INTEGER.matcher(raw).matches()) {
      try {
        return Long.parseLong(raw);
      } catch (NumberFormatException tooLarge) {
        return new BigDecimal(raw).doubleValue();
      }
    }
    if (DECIMAL.matcher(raw).matches()) {
      BigDecimal number;
      try {
        number = new BigDecimal(raw);
      } catch (NumberFormatException exponentOutOfRange) {
        return raw;
      }
      boolean integral = number.signum() == 0 || number.stripTrailingZeros().scale() <= 0;
      if (integral && number.compareTo(LONG_MIN) >= 0 && number.compareTo(LONG_MAX) <= 0) {
        return number.longValueExact();
      }
      return number.doubleValue();
    }
    return raw;
  }
}
