package io.mercury.common.security;

import java.util.Locale;

/** What holds a key: an agent on a device, a person running mcli, or one of Mercury's daemons. */
public enum KeyKind {
  AGENT,
  OPERATOR,
  SERVICE;

  /** The stored spelling: {@code agent}, {@code operator}, {@code service}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the stored spelling (case-insensitive).
   *
   * @throws IllegalArgumentException naming the accepted spellings
   */
  public static KeyKind parse(String text) {
    String normal = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
    for (KeyKind kind : values()) {
      if (kind.name().equals(normal)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown key kind '" + text + "' (expected agent, operator or service)");
  }
}
