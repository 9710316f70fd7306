package io.mercury.common.store;

import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The type of a document's position in the H2 backend: the key of a collection's data map (the
 * document's {@code _id}, {@code Missing} when it has none, a random UUID in a collection without
 * {@code _id}s) and the value of a unique index's map. Stored as one BSON value ({@link BsonCodec})
 * instead of Java serialization.
 *
 * <p>Ordered exactly as before, by H2's {@link ObjectDataType}: a collection's natural order (a scan
 * without a sort) is the order of its data map, so it must not change with the format. That order ranks
 * by Java type first (strings before UUIDs before everything else), then compares within a type: strings
 * and numbers by value, {@code Comparable}s of one class by {@code compareTo} (ObjectIds), anything else
 * by its Java-serialized bytes (a document used as {@code _id}: rare, and as slow to compare as before).
 * Strings, the ids Mercury uses, take a shortcut with the same result.
 */
final class PositionType extends BasicDataType<Object> {
  static final PositionType INSTANCE = new PositionType();
  private static final ObjectDataType ORDER = new ObjectDataType();

  private PositionType() {}

  @Override
  public int compare(Object a, Object b) {
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    return ORDER.compare(a, b);
  }

  @Override
  public int getMemory(Object position) {
    return DocumentType.estimate(position);
  }

  @Override
  public void write(WriteBuffer out, Object position) {
    BsonCodec.writeValue(out, position);
  }

  @Override
  public Object read(ByteBuffer in) {
    return BsonCodec.readValue(in);
  }

  @Override
  public Object[] createStorage(int size) {
    return new Object[size];
  }
}
