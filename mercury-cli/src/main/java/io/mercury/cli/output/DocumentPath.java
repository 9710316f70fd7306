package io.mercury.cli.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a dotted path ({@code dmi.sys_vendor}, {@code interfaces.devname}, {@code cpu.0.model_name}) out
 * of a device document the way MongoDB does: through an array, a field name collects that field from
 * every element and a number picks one element.
 */
public final class DocumentPath {
  private DocumentPath() {}

  /** The value at {@code path}, a list when the path crosses an array, or null when absent. */
  public static Object get(Map<String, Object> document, String path) {
    return get(document, path.split("\\.", -1), 0);
  }

  private static Object get(Object node, String[] parts, int i) {
    if (i == parts.length) {
      return node;
    }
    if (node instanceof Map<?, ?> map) {
      return get(map.get(parts[i]), parts, i + 1);
    }
    if (node instanceof List<?> list) {
      int index = index(parts[i]);
      if (index >= 0) {
        return index < list.size() ? get(list.get(index), parts, i + 1) : null;
      }
      List<Object> collected = new ArrayList<>();
      for (Object element : list) {
        if (element instanceof Map<?, ?>) {
          Object value = get(element, parts, i);
          if (value != null) {
            collected.add(value);
          }
        }
      }
      return collected.isEmpty() ? null : collected;
    }
    return null;
  }

  private static int index(String part) {
    if (part.isEmpty() || part.length() > 9 || !part.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Integer.parseInt(part);
  }
}
