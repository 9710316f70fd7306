package io.mercury.common.protocol.inventory;

import io.mercury.common.protocol.WireEndpoint;

/** The inventory service's endpoints (docs/protocol.md, "Inventory service"); each name is its wire name in lower case. */
public enum InventoryEndpoint implements WireEndpoint {
  INSERT_ONE,
  UPDATE_ONE,
  GET_ONE,
  QUERY,
  COUNT,
  DELETE,
  UPDATE_BOOT,
  UPDATE_BOOT_MANY;

  @Override
  public String toString() {
    return wireName();
  }
}
