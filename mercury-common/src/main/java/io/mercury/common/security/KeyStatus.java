package io.mercury.common.security;

import java.util.Locale;

/**
 * Where a key stands on the allow-list. Only {@link #ACCEPTED} keys may talk to Mercury's servers;
 * {@link #PENDING} keys wait for an operator, {@link #REJECTED} keys were turned down before they were
 * ever accepted, {@link #REVOKED} keys were accepted once and are cut off for good.
 */
public enum KeyStatus {
  PENDING,
  ACCEPTED,
  REJECTED,
  REVOKED;

  /** The stored spelling: {@code pending}, {@code accepted}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the stored spelling (case-insensitive).
   *
   * @throws IllegalArgumentException naming the accepted spellings
   */
  public static KeyStatus parse(String text) {
    String normal = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
    for (KeyStatus status : values()) {
      if (status.name().equals(normal)) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "unknown key status '" + text + "' (expected pending, accepted, rejected or revoked)");
  }
}
