package io.mercury.common.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Byte-for-byte compatibility with the original: {@code golden/vectors.json} holds the sample messages
 * of the reference's Appendix B and edge values, packed by Debian's python3-msgpack with
 * {@code packb(obj, use_bin_type=False)} (see {@code golden/generate.py}).
 */
class MsgPackGoldenTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> vectors() throws IOException {
    try (InputStream in = MsgPackGoldenTest.class.getResourceAsStream("/golden/vectors.json")) {
      LinkedHashMap<String, Map<String, Object>> all =
          JSON.readValue(in, new TypeReference<LinkedHashMap<String, Map<String, Object>>>() {});
      return all.entrySet().stream()
          .map(e -> Arguments.of(e.getKey(), wire(e.getValue().get("value")), e.getValue().get("hex")));
    }
  }

  /** JSON numbers as the codec models them: every integer that fits in 64 bits is a Long. */
  private static Object wire(Object json) {
    return switch (json) {
      case Integer i -> i.longValue();
      case java.math.BigInteger b when b.bitLength() < 64 -> b.longValue();
      case Map<?, ?> m -> {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put((String) k, wire(v)));
        yield out;
      }
      case java.util.List<?> l -> l.stream().map(MsgPackGoldenTest::wire).toList();
      case null, default -> json;
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void encodesExactlyAsTheOriginal(String name, Object value, String hex) {
    assertThat(HexFormat.of().formatHex(MsgPack.encode(value))).isEqualTo(hex);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decodesTheOriginalsBytesToTheSameValue(String name, Object value, String hex) throws Exception {
    assertThat(MsgPack.decode(HexFormat.of().parseHex(hex))).isEqualTo(value);
  }
}
