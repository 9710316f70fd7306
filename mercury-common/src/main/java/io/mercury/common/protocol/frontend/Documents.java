package io.mercury.common.protocol.frontend;

import java.util.Map;

/** Typed reads of free-form job and task documents, tolerant of missing or mistyped fields. */
final class Documents {
  private Documents() {}

  static String string(Map<String, Object> doc, String key) {
    return doc.get(key) instanceof String s ? s : null;
  }

  static Double number(Map<String, Object> doc, String key) {
    return doc.get(key) instanceof Number n ? n.doubleValue() : null;
  }

  static long count(Map<String, Object> doc, String key) {
    return doc.get(key) instanceof Number n ? n.longValue() : 0;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
