package io.mercury.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.DataType;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

/**
 * The store's data types against H2's default {@link ObjectDataType}, which the plain H2 backend used:
 * what is written reads back equal and of the same Java type, positions sort exactly as before, and
 * unique-index keys are equal exactly when they were before. Values are drawn from a seeded generator.
 */
class StoreTypesTest {
  private static final ObjectDataType OLD = new ObjectDataType();

  private static <T> T roundTrip(DataType<T> type, T value) {
    WriteBuffer out = new WriteBuffer(64);
    type.write(out, value);
    out.put((byte) 0x5a); // a neighbour: reading must stop at the value's end
    ByteBuffer in = out.getBuffer().flip();
    T read = type.read(in);
    assertThat(in.get()).as("byte after %s", value).isEqualTo((byte) 0x5a);
    assertThat(in.hasRemaining()).isFalse();
    return read;
  }

  /** A value of one of the types an _id or an index key holds; numbers equal in MongoDB terms included. */
  private static Object scalar(SplittableRandom random) {
    int n = random.nextInt(6);
    return switch (random.nextInt(14)) {
      case 0 -> n;
      case 1 -> (long) n;
      case 2 -> (double) n;
      case 3 -> random.nextBoolean() ? -0.0 : n + 0.5;
      case 4 -> "s" + n;
      case 5 -> n == 0 ? "" : "é" + "x".repeat(n);
      case 6 -> new ObjectId(String.format("%024x", 0x6b0e_d645_0000L + n));
      case 7 -> new UUID(n, n * 31L);
      case 8 -> Instant.ofEpochMilli(1_700_000_000_000L + n);
      case 9 -> random.nextBoolean();
      case 10 -> new Document("a", n).append("b", "x" + n);
      // Lists as mongo-java-server decodes them from the wire (array values of an index key).
      case 11 -> n % 2 == 0 ? new Document("b", "x" + n).append("a", n) : new ArrayList<>(List.of(n, "x" + n));
      case 12 -> Long.MAX_VALUE - n;
      default -> n % 3 == 0 ? null : Missing.getInstance();
    };
  }

  private static List<Object> positions(int count) {
    SplittableRandom random = new SplittableRandom(7);
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Object v = scalar(random);
      values.add(v == null ? Missing.getInstance() : v); // positions are never null (Missing.ofNullable)
    }
    return values;
  }

  private static List<KeyValue> keys(int count) {
    SplittableRandom random = new SplittableRandom(11);
    List<KeyValue> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Object[] values = new Object[1 + random.nextInt(2)];
      for (int j = 0; j < values.length; j++) {
        values[j] = scalar(random);
      }
      KeyValue key = new KeyValue(values);
      keys.add(random.nextBoolean() ? key : key.normalized());
    }
    return keys;
  }

  @Test
  void positionsReadBackEqualAndOfTheSameType() {
    for (Object position : positions(500)) {
      Object read = roundTrip(PositionType.INSTANCE, position);
      assertThat(read).isEqualTo(position);
      assertThat(read.getClass()).isEqualTo(position.getClass());
    }
  }

  @Test
  void positionsSortExactlyAsWithTheDefaultType() {
    List<Object> values = positions(400);
    List<Object> decoded = values.stream().map(v -> roundTrip(PositionType.INSTANCE, v)).toList();
    for (int i = 0; i < values.size(); i++) {
      for (int j = 0; j < values.size(); j++) {
        int expected = Integer.signum(OLD.compare(values.get(i), values.get(j)));
        assertThat(Integer.signum(PositionType.INSTANCE.compare(decoded.get(i), decoded.get(j))))
            .as("%s vs %s", values.get(i), values.get(j))
            .isEqualTo(expected);
      }
    }
    List<Object> before = new ArrayList<>(values);
    before.sort(OLD);
    List<Object> after = new ArrayList<>(decoded);
    after.sort(PositionType.INSTANCE);
    assertThat(after).containsExactlyElementsOf(before);
  }

  @Test
  void indexKeysReadBackEqual() {
    for (KeyValue key : keys(500)) {
      KeyValue read = roundTrip(KeyValueType.INSTANCE, key);
      assertThat(read).isEqualTo(key);
      assertThat(KeyValueType.INSTANCE.compare(read, key)).isZero();
      for (int i = 0; i < key.size(); i++) {
        assertThat(read.get(i) == null ? null : read.get(i).getClass()).isEqualTo(key.get(i) == null ? null : key.get(i).getClass());
      }
    }
  }

  @Test
  void indexKeysAreEqualExactlyWhenTheyWereAndTheOrderIsConsistent() {
    List<KeyValue> keys = keys(300);
    List<KeyValue> decoded = keys.stream().map(k -> roundTrip(KeyValueType.INSTANCE, k)).toList();
    int equalPairs = 0;
    for (int i = 0; i < keys.size(); i++) {
      for (int j = 0; j < keys.size(); j++) {
        boolean wasEqual = OLD.compare(keys.get(i), keys.get(j)) == 0;
        int c = KeyValueType.INSTANCE.compare(decoded.get(i), decoded.get(j));
        assertThat(c == 0).as("%s vs %s", keys.get(i), keys.get(j)).isEqualTo(wasEqual);
        assertThat(Integer.signum(KeyValueType.INSTANCE.compare(decoded.get(j), decoded.get(i)))).isEqualTo(-Integer.signum(c));
        equalPairs += wasEqual && i != j ? 1 : 0;
      }
    }
    assertThat(equalPairs).as("the generator makes equal keys too").isPositive();
    // A total order: sorting and then comparing neighbours never goes backwards.
    List<KeyValue> sorted = new ArrayList<>(decoded);
    sorted.sort(KeyValueType.INSTANCE);
    for (int i = 1; i < sorted.size(); i++) {
      for (int j = i; j < Math.min(sorted.size(), i + 20); j++) {
        assertThat(KeyValueType.INSTANCE.compare(sorted.get(i - 1), sorted.get(j))).isLessThanOrEqualTo(0);
      }
    }
  }

  @Test
  void numbersEqualInMongoTermsAreOneIndexKeyOnceNormalized() {
    KeyValue asInt = new KeyValue(1, "QUEUED").normalized();
    KeyValue asLong = new KeyValue(1L, "QUEUED").normalized();
    KeyValue asDouble = new KeyValue(1.0, "QUEUED").normalized();
    assertThat(KeyValueType.INSTANCE.compare(asInt, asLong)).isZero();
    assertThat(KeyValueType.INSTANCE.compare(asInt, asDouble)).isZero();
    assertThat(OLD.compare(asInt, asDouble)).isZero();
    assertThat(KeyValueType.INSTANCE.compare(asInt, new KeyValue(1.0, "STARTED").normalized())).isNotZero();
  }

  @Test
  void documentsOfEveryStoredTypeReadBackEqual() {
    Document nested = new Document("MemTotal", 206_158_430_208L).append("flags", List.of("fpu", "avx2"));
    Document document =
        new Document("_id", new ObjectId("6b0ed645591763a6850c789e"))
            .append("mercury_id", "01" + "ab".repeat(20))
            .append("int", 42)
            .append("long", 1L << 40)
            .append("double", 1.7e9)
            .append("negativeZero", -0.0)
            .append("decimal", Decimal128.ONE)
            .append("true", true)
            .append("null", null)
            .append("mem", nested)
            .append("list", List.of(1, "two", new Document("three", 3.0), List.of()))
            .append("date", Instant.ofEpochMilli(1_764_600_000_123L))
            .append("timestamp", new BsonTimestamp(7_000_000_000L))
            .append("binary", new BinData(new byte[] {1, 2, 3}))
            .append("uuid", UUID.fromString("4c4c4544-0010-8080-0000-000000000001"))
            .append("min", MinKey.getInstance())
            .append("max", MaxKey.getInstance())
            .append("empty", new Document());
    Document read = roundTrip(DocumentType.INSTANCE, document);
    assertThat(read).isEqualTo(document);
    assertThat(read.keySet()).containsExactlyElementsOf(document.keySet());
    assertThat(read.get("long")).isInstanceOf(Long.class);
    assertThat(read.get("int")).isInstanceOf(Integer.class);
    assertThat(Arrays.equals(((BinData) read.get("binary")).getData(), new byte[] {1, 2, 3})).isTrue();
    assertThat(DocumentType.INSTANCE.getMemory(document)).isBetween(200, 4_000);
  }

  @Test
  void aStringIsWrittenAsMongoJavaServersEncoderWritesIt() {
    for (String s : List.of("", "task-1", "é€😀", "x".repeat(300))) {
      io.netty.buffer.ByteBuf expected = io.netty.buffer.Unpooled.buffer();
      expected.writeByte(0x02);
      de.bwaldvogel.mongo.wire.bson.BsonEncoder.encodeValue((byte) 0x02, s, expected);
      byte[] bytes = new byte[expected.readableBytes()];
      expected.readBytes(bytes);
      assertThat(BsonCodec.encode(s)).isEqualTo(bytes);
    }
  }

  @Test
  @SuppressWarnings("UnnecessaryStringBuilder") // a StringBuilder is the type under test
  void aValueBsonCannotHoldFailsTheWriteNamingItsType() {
    assertThatThrownBy(() -> roundTrip(DocumentType.INSTANCE, new Document("f", 1.5f)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Float");
    assertThatThrownBy(() -> roundTrip(PositionType.INSTANCE, new StringBuilder("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("StringBuilder");
  }
}
