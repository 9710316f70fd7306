package io.mercury.common.protocol.inventory;

import java.util.Locale;
import java.util.Optional;

/** The inventory service's endpoints (docs/protocol.md, "Inventory service"); each name is its wire name in lower case. */
public enum InventoryEndpoint {
  INSERT_ONE,
  UPDATE_ONE,
  GET_ONE,
  QUERY,
  COUNT,
  DELETE,
  UPDATE_BOOT,
  UPDATE_BOOT_MANY;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The name a request's {@code endpoint} carries, e.g. {@code get_one}. */
  public String wireName() {
    return wireName;
  }

  /** The endpoint spelled exactly {@code wireName}; empty for any other name. */
  public static Optional<InventoryEndpoint> named(String wireName) {
    for (InventoryEndpoint e : values()) {
      if (e.wireName.equals(wireName)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
