package io.mercury.common.codec;

import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The msgpack codec, byte-compatible with the original's {@code packb(obj, use_bin_type=False)}.
 *
 * <p>Values are plain Java trees: {@code Map<String, Object>} (insertion ordered), {@code List<Object>},
 * {@code String}, {@code Long}, {@code Double}, {@code Boolean} and {@code null}. This class is the only
 * place in Mercury that turns such trees into bytes and back.
 *
 * <p>Encoding rules: strings are always the str family and never str8 (the original's packer emits
 * fixstr, then str16, then str32), {@code byte[]} is written as str too (the original has no bin type),
 * integers use the smallest encoding, every floating-point number is float64, a value of another type is
 * written as what the caller's {@code plain} function turns it into (a store's ObjectId becomes its
 * 24-hex string: see {@link #encode(Object, Function)}), and {@link Date} / {@link Instant} become
 * epoch seconds as float64. Decoding accepts str8/16/32 and bin (bin that is valid UTF-8 becomes a
 * String, other bin stays {@code byte[]}), all integer and float widths, and rejects extension types and non-string map keys.
 */
public final class MsgPack {
  private static final MessagePack.PackerConfig PACKER =
      new MessagePack.PackerConfig().withStr8FormatSupport(false);

  /** Nesting deeper than this is refused on decode, so a hostile message cannot exhaust the stack. */
  public static final int MAX_DEPTH = 256;

  /** Array items plus map entries one message may hold on decode, so that memory per message is bounded. */
  public static final int MAX_ITEMS = 1_000_000;

  private MsgPack() {}

  /** Encodes a value tree. Unsupported Java types raise {@link IllegalArgumentException}. */
  public static byte[] encode(Object value) {
    return encode(value, MsgPack::refuse);
  }

  /**
   * Encodes a value tree whose values of types this codec does not know are written as {@code plain}
   * turns them into (a value of a known type); {@code plain} raises {@link IllegalArgumentException}
   * for a value it does not know either. A daemon replying with stored documents passes its store's
   * conversion here, so that this codec knows no store type.
   */
  public static byte[] encode(Object value, Function<Object, Object> plain) {
    try (MessageBufferPacker packer = PACKER.newBufferPacker()) {
      pack(packer, value, 0, plain);
      return packer.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory msgpack packing failed", e);
    }
  }

  /** Decodes exactly one value; trailing bytes, truncation and unsupported types are malformed. */
  public static Object decode(byte[] bytes) throws MalformedMessageException {
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
      if (!unpacker.hasNext()) {
        throw new MalformedMessageException("empty message");
      }
      Object value = unpack(unpacker, 0, new Budget(bytes.length));
      if (unpacker.hasNext()) {
        throw new MalformedMessageException("trailing bytes after the message");
      }
      return value;
    } catch (MessagePackException | IOException e) {
      throw new MalformedMessageException("not valid msgpack: " + e.getMessage(), e);
    }
  }

  /**
   * The string value of {@code key} in a message that is a map, read without decoding the rest (the
   * other values are skipped, not built): for a look at a request's {@code endpoint} before deciding
   * whether to decode all of it. Null when the message is not a map, has no such string entry, or is
   * malformed before the entry.
   */
  public static String peekString(byte[] bytes, String key) {
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
      if (!unpacker.hasNext() || unpacker.getNextFormat().getValueType() != ValueType.MAP) {
        return null;
      }
      int entries = unpacker.unpackMapHeader();
      for (int i = 0; i < entries; i++) {
        if (unpacker.getNextFormat().getValueType() == ValueType.STRING) {
          if (key.equals(unpacker.unpackString())) {
            return unpacker.getNextFormat().getValueType() == ValueType.STRING ? unpacker.unpackString() : null;
          }
        } else {
          unpacker.skipValue(); // a key that is not a string
        }
        unpacker.skipValue();
      }
      return null;
    } catch (MessagePackException | IOException e) {
      return null;
    }
  }

  private static void pack(MessageBufferPacker p, Object v, int depth, Function<Object, Object> plain)
      throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("value nested deeper than " + MAX_DEPTH);
    }
    switch (v) {
      case null -> p.packNil();
      case String s -> p.packString(s);
      case Boolean b -> p.packBoolean(b);
      case Double d -> p.packDouble(d);
      case Float f -> p.packDouble(f);
      case Long l -> p.packLong(l);
      case Integer i -> p.packLong(i);
      case Short s -> p.packLong(s);
      case Byte b -> p.packLong(b);
      case BigInteger b -> p.packBigInteger(b);
      case Date d -> p.packDouble(d.toInstant().toEpochMilli() / 1000.0);
      case Instant t -> p.packDouble(epochSeconds(t));
      case Enum<?> e -> p.packString(e.toString());
      case byte[] raw -> p.packRawStringHeader(raw.length).writePayload(raw);
      case Map<?, ?> m -> {
        p.packMapHeader(m.size());
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (!(e.getKey() instanceof String key)) {
            throw new IllegalArgumentException("map keys must be strings, got " + e.getKey());
          }
          p.packString(key);
          pack(p, e.getValue(), depth + 1, plain);
        }
      }
      case Collection<?> c -> {
        p.packArrayHeader(c.size());
        for (Object item : c) {
          pack(p, item, depth + 1, plain);
        }
      }
      case Object[] a -> {
        p.packArrayHeader(a.length);
        for (Object item : a) {
          pack(p, item, depth + 1, plain);
        }
      }
      default -> {
        if (v.getClass().isArray()) {
          int n = Array.getLength(v);
          p.packArrayHeader(n);
          for (int i = 0; i < n; i++) {
            pack(p, Array.get(v, i), depth + 1, plain);
          }
        } else {
          pack(p, plain.apply(v), depth, MsgPack::refuse);
        }
      }
    }
  }

  /** The {@code plain} function of {@link #encode(Object)}: no other type is known. */
  private static Object refuse(Object v) {
    throw new IllegalArgumentException("cannot encode " + v.getClass().getName() + " as msgpack");
  }

  /** Epoch seconds with sub-second precision, as Python's {@code time.time()}. */
  public static double epochSeconds(Instant t) {
    return t.getEpochSecond() + t.getNano() / 1e9;
  }

  private static Object unpack(MessageUnpacker u, int depth, Budget budget)
      throws IOException, MalformedMessageException {
    if (depth > MAX_DEPTH) {
      throw new MalformedMessageException("message nested deeper than " + MAX_DEPTH);
    }
    MessageFormat format = u.getNextFormat();
    ValueType type = format.getValueType();
    switch (type) {
      case NIL -> {
        u.unpackNil();
        return null;
      }
      case BOOLEAN -> {
        return u.unpackBoolean();
      }
      case INTEGER -> {
        if (format == MessageFormat.UINT64) {
          BigInteger big = u.unpackBigInteger();
          return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        return u.unpackLong();
      }
      case FLOAT -> {
        return u.unpackDouble();
      }
      case STRING -> {
        return utf8(u.readPayload(budget.payload(u, u.unpackRawStringHeader())), true);
      }
      case BINARY -> {
        byte[] raw = u.readPayload(budget.payload(u, u.unpackBinaryHeader()));
        Object text = utf8(raw, false);
        return text != null ? text : raw;
      }
      case ARRAY -> {
        int n = budget.elements(u.unpackArrayHeader());
        List<Object> list = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          list.add(unpack(u, depth + 1, budget));
        }
        return list;
      }
      case MAP -> {
        int n = budget.elements(u.unpackMapHeader());
        Map<String, Object> map = LinkedHashMap.newLinkedHashMap(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          Object key = unpack(u, depth + 1, budget);
          if (!(key instanceof String s)) {
            throw new MalformedMessageException("map key is not a string: " + describe(key));
          }
          map.put(s, unpack(u, depth + 1, budget));
        }
        return map;
      }
      default -> throw new MalformedMessageException("unsupported msgpack type " + type);
    }
  }

  /**
   * What one decode may still allocate. A string, bin, array or map header may claim up to 4 Gi
   * bytes or items, and the payload is allocated before it is read, so a six-byte message could
   * otherwise make the decoder allocate gigabytes: a claimed length must fit in the bytes left. Tiny
   * items decode to much larger Java objects, so a message may also hold at most {@link #MAX_ITEMS}
   * array items and map entries in all.
   */
  private static final class Budget {
    private final int size;
    private long items;

    Budget(int size) {
      this.size = size;
    }

    int payload(MessageUnpacker u, int claimed) throws MalformedMessageException {
      long left = size - u.getTotalReadBytes();
      if (claimed < 0 || claimed > left) {
        throw new MalformedMessageException(
            "string of " + Integer.toUnsignedString(claimed) + " bytes claimed, only " + left + " bytes left in the message");
      }
      return claimed;
    }

    int elements(int claimed) throws MalformedMessageException {
      items += Integer.toUnsignedLong(claimed);
      if (claimed < 0 || items > MAX_ITEMS) {
        throw new MalformedMessageException(
            "message holds more than " + MAX_ITEMS + " array items and map entries (the limit of MsgPack.MAX_ITEMS)");
      }
      return claimed;
    }
  }

  private static String utf8(byte[] raw, boolean required) throws MalformedMessageException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      if (required) {
        throw new MalformedMessageException("string is not valid UTF-8", e);
      }
      return null;
    }
  }

  private static String describe(Object v) {
    return v == null ? "nil" : v.getClass().getSimpleName();
  }
}
