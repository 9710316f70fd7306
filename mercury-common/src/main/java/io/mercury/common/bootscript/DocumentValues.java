package io.mercury.common.bootscript;

import com.github.mustachejava.Binding;
import com.github.mustachejava.Code;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.reflect.AbstractObjectHandler;
import com.github.mustachejava.util.Wrapper;
import java.util.List;
import java.util.Map;

/**
 * Looks a template's names up in a device document: maps by key, lists by index
 * ({@code interfaces.0.address}), nothing else. mustache.java's default handler also calls methods and
 * reads fields of Java objects ({@code {{length}}} inside a string section gave the string's length);
 * a device document is maps, lists and scalars, so that only made some typos render as something.
 *
 * <p>A dotted name is resolved as the Mustache spec says: its first part against the scopes, innermost
 * first; then each further part against the value found, and if that fails, the name has no value (no
 * fall back to outer scopes). A key that is present with a null value stops the search, as in
 * mustache.java's own handler.
 */
final class DocumentValues extends AbstractObjectHandler {
  @Override
  public Wrapper find(String name, List<Object> scopes) {
    return s -> lookup(name, s);
  }

  @Override
  public Binding createBinding(String name, TemplateContext tc, Code code) {
    return scopes -> lookup(name, scopes);
  }

  /** The value of {@code name}, or null when there is none. */
  static Object lookup(String name, List<Object> scopes) {
    String[] parts = name.split("\\.", -1);
    for (int i = scopes.size() - 1; i >= 0; i--) {
      Object value = child(scopes.get(i), parts[0]);
      if (value == NOT_FOUND) {
        continue;
      }
      for (int p = 1; p < parts.length && value != null; p++) {
        value = child(value, parts[p]);
        if (value == NOT_FOUND) {
          return null;
        }
      }
      return value;
    }
    return null;
  }

  private static Object child(Object container, String key) {
    if (container instanceof Map<?, ?> map) {
      return map.containsKey(key) ? map.get(key) : NOT_FOUND;
    }
    if (container instanceof List<?> list && isIndex(key)) {
      int index = Integer.parseInt(key);
      return index < list.size() ? list.get(index) : NOT_FOUND;
    }
    return NOT_FOUND;
  }

  /** Digits only, and short enough for an int. */
  private static boolean isIndex(String key) {
    return !key.isEmpty() && key.length() <= 9 && key.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
