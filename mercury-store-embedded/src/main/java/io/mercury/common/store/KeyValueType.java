package io.mercury.common.store;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of a unique index's map: mongo-java-server's {@link KeyValue} (the index's normalized
 * field values of one document), stored as a count and one BSON value each ({@link BsonCodec}) instead of
 * Java serialization.
 *
 * <p>Comparison. mongo-java-server uses an index map for exact look-ups ({@code get},
 * {@code putIfAbsent}, {@code remove}), an {@code $in} as several look-ups, and a full iteration for a
 * regular expression; it never reads a range. So what must not change is equality, and it does not: H2's
 * {@link ObjectDataType} compared KeyValues (not {@code Comparable}) by their Java-serialized bytes, equal
 * exactly when the values are equal one by one with the same Java types; here two keys are equal exactly
 * then too: the same number of values, each of the same kind and equal (doubles by
 * {@link Double#compare}, so {@code 0.0} and {@code -0.0} differ as their serialized bits did; documents
 * field by field in order; lists element by element). The order among unequal keys is a different one (by
 * kind, then by value) and only shows in the order a regular-expression query over a unique index
 * returns its matches, which MongoDB does not define either. Comparing needs no encoding, where the old
 * type serialized both keys for every comparison of a B-tree search.
 */
final class KeyValueType extends BasicDataType<KeyValue> {
  static final KeyValueType INSTANCE = new KeyValueType();

  private KeyValueType() {}

  @Override
  public int compare(KeyValue a, KeyValue b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = compareValues(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  @Override
  public int getMemory(KeyValue key) {
    int size = 24;
    for (Object value : key) {
      size += 8 + DocumentType.estimate(value);
    }
    return size;
  }

  @Override
  public void write(WriteBuffer out, KeyValue key) {
    out.putVarInt(key.size());
    for (Object value : key) {
      BsonCodec.writeValue(out, value);
    }
  }

  @Override
  public KeyValue read(ByteBuffer in) {
    int size = DataUtils.readVarInt(in);
    List<Object> values = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      values.add(BsonCodec.readValue(in));
    }
    return new KeyValue(values);
  }

  @Override
  public KeyValue[] createStorage(int size) {
    return new KeyValue[size];
  }

  /** A total order on single values: by kind ({@link #kind}), then within the kind. */
  static int compareValues(Object a, Object b) {
    int kind = kind(a);
    int c = Integer.compare(kind, kind(b));
    if (c != 0 || a == null) {
      return c;
    }
    return switch (a) {
      case Missing m -> 0;
      case Boolean x -> x.compareTo((Boolean) b);
      case Integer x -> x.compareTo((Integer) b);
      case Long x -> x.compareTo((Long) b);
      case Double x -> Double.compare(x, (Double) b);
      case String x -> x.compareTo((String) b);
      case ObjectId x -> x.compareTo((ObjectId) b);
      case Instant x -> x.compareTo((Instant) b);
      case UUID x -> x.compareTo((UUID) b);
      case Map<?, ?> x -> compareMaps(x, (Map<?, ?>) b);
      case Collection<?> x -> compareCollections(x, (Collection<?>) b);
      default -> compareEncoded(a, b);
    };
  }

  private static int kind(Object value) {
    return switch (value) {
      case null -> 0;
      case Missing m -> 1;
      case Boolean b -> 2;
      case Integer i -> 3;
      case Long l -> 4;
      case Double d -> 5;
      case String s -> 6;
      case ObjectId o -> 7;
      case Instant t -> 8;
      case UUID u -> 9;
      case Map<?, ?> m -> 10;
      case Collection<?> c -> 11;
      // Every other BSON type by its type byte (binary, Decimal128, timestamps, min/max keys, ...),
      // compared by its BSON encoding.
      default -> 12 + (0xff & BsonCodec.typeOf(value));
    };
  }

  private static int compareMaps(Map<?, ?> a, Map<?, ?> b) {
    Iterator<? extends Map.Entry<?, ?>> x = a.entrySet().iterator();
    Iterator<? extends Map.Entry<?, ?>> y = b.entrySet().iterator();
    while (x.hasNext() && y.hasNext()) {
      Map.Entry<?, ?> ex = x.next();
      Map.Entry<?, ?> ey = y.next();
      int c = compareValues(ex.getKey(), ey.getKey());
      if (c == 0) {
        c = compareValues(ex.getValue(), ey.getValue());
      }
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(x.hasNext(), y.hasNext());
  }

  private static int compareCollections(Collection<?> a, Collection<?> b) {
    Iterator<?> x = a.iterator();
    Iterator<?> y = b.iterator();
    while (x.hasNext() && y.hasNext()) {
      int c = compareValues(x.next(), y.next());
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(x.hasNext(), y.hasNext());
  }

  private static int compareEncoded(Object a, Object b) {
    return Arrays.compare(BsonCodec.encode(a), BsonCodec.encode(b));
  }
}
