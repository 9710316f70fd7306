package io.mercury.common.fuzz;

import io.mercury.common.codec.MsgPack;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Seeded hostile payloads built from a service's valid requests: bit flips, truncation, args and kwargs
 * of the wrong type, huge integers, nesting past {@link MsgPack#MAX_DEPTH}, giant strings, maps and
 * arrays near and over a size limit, headers that claim more than the message holds, random msgpack and
 * random bytes. The same seed gives the same sequence.
 */
public final class HostileMessages {
  /** The kinds of payload, in the order {@link #next} draws them. */
  public enum Kind {
    VALID, BIT_FLIP, TRUNCATED, TYPE_SWAP, HUGE_INT, DEEP_NESTING, GIANT_VALUE, LYING_HEADER, RANDOM_MSGPACK, RANDOM_BYTES
  }

  private final Random random;
  private final Function<Random, Map<String, Object>> valid;
  private final int giantBytes;

  /**
   * @param random the seeded source
   * @param valid makes one well-formed request of the service
   * @param giantBytes about how large the giant values get (a service's message limit, to go near and
   *     over it; small in CI)
   */
  public HostileMessages(Random random, Function<Random, Map<String, Object>> valid, int giantBytes) {
    this.random = random;
    this.valid = valid;
    this.giantBytes = giantBytes;
  }

  /** One payload; {@code kind} tells which mutation made it. */
  @SuppressWarnings("ArrayRecordComponent") // raw bytes sent as they are; payloads are never compared
  public record Payload(Kind kind, byte[] bytes) {}

  public Payload next() {
    Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
    return new Payload(kind, make(kind));
  }

  private byte[] make(Kind kind) {
    return switch (kind) {
      case VALID -> MsgPack.encode(valid.apply(random));
      case BIT_FLIP -> flip(MsgPack.encode(valid.apply(random)));
      case TRUNCATED -> truncate(MsgPack.encode(valid.apply(random)));
      case TYPE_SWAP -> MsgPack.encode(typeSwap(valid.apply(random)));
      case HUGE_INT -> MsgPack.encode(replaceLeaves(valid.apply(random), this::hugeNumber));
      case DEEP_NESTING -> deep(MsgPack.MAX_DEPTH - 2 + random.nextInt(6));
      case GIANT_VALUE -> MsgPack.encode(giant(valid.apply(random)));
      case LYING_HEADER -> lyingHeader();
      case RANDOM_MSGPACK -> MsgPack.encode(randomValue(3));
      case RANDOM_BYTES -> randomBytes(1 + random.nextInt(64));
    };
  }

  private byte[] flip(byte[] bytes) {
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      int at = random.nextInt(bytes.length);
      bytes[at] ^= (byte) (1 << random.nextInt(8));
    }
    return bytes;
  }

  private byte[] truncate(byte[] bytes) {
    return Arrays.copyOf(bytes, Math.max(1, random.nextInt(bytes.length)));
  }

  /** The request with args, kwargs or one of its values replaced by a value of another type. */
  private Map<String, Object> typeSwap(Map<String, Object> request) {
    Map<String, Object> out = new LinkedHashMap<>(request);
    List<String> keys = new ArrayList<>(out.keySet());
    keys.addAll(List.of("args", "kwargs"));
    out.put(keys.get(random.nextInt(keys.size())), randomValue(1));
    return out;
  }

  private Object replaceLeaves(Object value, Function<Object, Object> leaf) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put((String) k, replaceLeaves(v, leaf)));
      return out;
    }
    if (value instanceof List<?> l) {
      return l.stream().map(v -> replaceLeaves(v, leaf)).toList();
    }
    return random.nextBoolean() ? leaf.apply(value) : value;
  }

  private Object hugeNumber(Object ignored) {
    return switch (random.nextInt(5)) {
      case 0 -> Long.MAX_VALUE;
      case 1 -> Long.MIN_VALUE;
      case 2 -> new java.math.BigInteger("18446744073709551615"); // uint64 max
      case 3 -> Double.NaN;
      default -> random.nextBoolean() ? Double.POSITIVE_INFINITY : -1e308;
    };
  }

  /** Arrays nested {@code depth} deep, written as raw bytes (the encoder refuses to go past the limit). */
  private static byte[] deep(int depth) {
    byte[] bytes = new byte[depth + 1];
    Arrays.fill(bytes, 0, depth, (byte) 0x91);
    bytes[depth] = (byte) 0xc0;
    return bytes;
  }

  /** The request with a giant string, map or array of about {@link #giantBytes} bytes in it. */
  private Map<String, Object> giant(Map<String, Object> request) {
    int size = giantBytes / 2 + random.nextInt(giantBytes);
    Object big =
        switch (random.nextInt(3)) {
          case 0 -> "x".repeat(size);
          case 1 -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < size / 16; i++) {
              m.put("k" + i, (long) i);
            }
            yield m;
          }
          default -> {
            List<Object> l = new ArrayList<>(size / 2);
            for (int i = 0; i < size / 2; i++) {
              l.add(null);
            }
            yield l;
          }
        };
    Map<String, Object> out = new LinkedHashMap<>(request);
    if (out.get("kwargs") instanceof Map<?, ?> kwargs && !kwargs.isEmpty() && random.nextBoolean()) {
      Map<String, Object> k = new LinkedHashMap<>();
      kwargs.forEach((key, v) -> k.put((String) key, v));
      k.put(k.keySet().iterator().next(), big);
      out.put("kwargs", k);
    } else if (out.get("args") instanceof List<?> args && !args.isEmpty()) {
      List<Object> a = new ArrayList<>(args);
      a.set(random.nextInt(a.size()), big);
      out.put("args", a);
    } else {
      out.put(random.nextBoolean() ? "args" : "giant", random.nextBoolean() ? big : List.of(big));
    }
    return out;
  }

  /** A str32, bin32, array32 or map32 header claiming far more than follows. */
  private byte[] lyingHeader() {
    int[] types = {0xdb, 0xc6, 0xdd, 0xdf};
    ByteBuffer b = ByteBuffer.allocate(5 + 4);
    b.put((byte) types[random.nextInt(types.length)]);
    b.putInt(random.nextBoolean() ? Integer.MAX_VALUE : random.nextInt(Integer.MAX_VALUE));
    b.put(randomBytes(4));
    return b.array();
  }

  /** A random msgpack value up to {@code depth} levels deep. */
  public Object randomValue(int depth) {
    return switch (random.nextInt(depth > 0 ? 9 : 6)) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> random.nextLong() >> random.nextInt(64);
      case 3 -> random.nextDouble() * 1e6;
      case 4 -> randomString();
      case 5 -> new byte[] {(byte) random.nextInt(), (byte) 0xff};
      case 6, 7 -> randomMap(depth - 1);
      default -> {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(randomValue(depth - 1));
        }
        yield list;
      }
    };
  }

  /** A random map; keys are drawn partly from Mercury's field names and the refused operators. */
  public Map<String, Object> randomMap(int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    List<String> keys = List.of("mercury_id", "task_id", "job_id", "status", "message", "$where", "$function", "$accumulator", "active", "query", "x");
    for (int i = random.nextInt(4); i > 0; i--) {
      map.put(random.nextBoolean() ? keys.get(random.nextInt(keys.size())) : randomString(), depth > 0 ? randomValue(depth) : randomString());
    }
    return map;
  }

  public String randomString() {
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      s.append((char) (random.nextInt(3) == 0 ? 0x20 + random.nextInt(0x2000) : 'a' + random.nextInt(26)));
    }
    return s.toString();
  }

  public byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  /** A request {@code {"endpoint", "args", "kwargs"}} to one of {@code endpoints} with random arguments. */
  public static Function<Random, Map<String, Object>> endpointRequests(List<String> endpoints) {
    return random -> {
      HostileMessages values = new HostileMessages(random, r -> Map.of(), 0);
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("endpoint", endpoints.get(random.nextInt(endpoints.size())));
      List<Object> args = new ArrayList<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        args.add(values.randomValue(3));
      }
      request.put("args", args);
      request.put("kwargs", values.randomMap(2));
      return request;
    };
  }
}
