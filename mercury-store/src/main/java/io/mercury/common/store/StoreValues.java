package io.mercury.common.store;

import org.bson.types.ObjectId;

/**
 * Stored values the msgpack codec does not know, as the original sends them: an {@link ObjectId} is
 * its 24-hex string. A daemon replying with stored documents encodes them with
 * {@code MsgPack.encode(reply, StoreValues::plain)}.
 */
public final class StoreValues {
  private StoreValues() {}

  /**
   * The plain value of a stored one.
   *
   * @throws IllegalArgumentException for a type that is neither an ObjectId nor known to the codec
   */
  public static Object plain(Object value) {
    if (value instanceof ObjectId id) {
      return id.toHexString();
    }
    throw new IllegalArgumentException("cannot encode " + value.getClass().getName() + " as msgpack");
  }
}
