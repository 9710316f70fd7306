package io.mercury.common.dispatch;

import java.util.List;
import java.util.Map;

/** The wire types a parameter can declare, with the Python names used in error messages. */
public enum ParamType {
  STRING("str"),
  INTEGER("int"),
  NUMBER("float"),
  BOOLEAN("bool"),
  MAP("dict"),
  LIST("list"),
  ANY("any");

  private final String pythonName;

  ParamType(String pythonName) {
    this.pythonName = pythonName;
  }

  /** The value converted to this type's Java form, or {@code null} when it does not fit. */
  Object convert(Object value) {
    return switch (this) {
      case STRING -> value instanceof String ? value : null;
      case INTEGER -> {
        if (value instanceof Long) {
          yield value;
        }
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
          yield d.longValue();
        }
        yield null;
      }
      case NUMBER -> value instanceof Number n ? n.doubleValue() : null;
      case BOOLEAN -> value instanceof Boolean ? value : null;
      case MAP -> value instanceof Map<?, ?> ? value : null;
      case LIST -> value instanceof List<?> ? value : null;
      case ANY -> value;
    };
  }

  static String pythonNameOf(Object value) {
    return switch (value) {
      case null -> "NoneType";
      case String s -> "str";
      case Long l -> "int";
      case Double d -> "float";
      case Boolean b -> "bool";
      case Map<?, ?> m -> "dict";
      case List<?> l -> "list";
      default -> value.getClass().getSimpleName();
    };
  }

  String pythonName() {
    return pythonName;
  }
}
