package io.mercury.common.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the original never sends but other peers may, and what no peer may send. */
class MsgPackTest {
  private static Object decodeHex(String hex) throws MalformedMessageException {
    return MsgPack.decode(HexFormat.of().parseHex(hex));
  }

  @Test
  void peekStringReadsOneTopLevelEntryAndNothingElse() {
    Map<String, Object> message = new java.util.LinkedHashMap<>();
    message.put("args", List.of(Map.of("a", List.of(1L, 2.5)))); // skipped over, not decoded
    message.put("endpoint", "register");
    byte[] request = MsgPack.encode(message);
    assertThat(MsgPack.peekString(request, "endpoint")).isEqualTo("register");
    assertThat(MsgPack.peekString(request, "args")).as("not a string").isNull();
    assertThat(MsgPack.peekString(request, "missing")).isNull();
    assertThat(MsgPack.peekString(MsgPack.encode(List.of("endpoint", "x")), "endpoint")).as("not a map").isNull();
    assertThat(MsgPack.peekString(new byte[] {(byte) 0x82, (byte) 0xa1}, "endpoint")).as("truncated").isNull();
    assertThat(MsgPack.peekString(new byte[0], "endpoint")).isNull();
  }

  @Test
  void acceptsStr8BinAndFloat32() throws Exception {
    assertThat(decodeHex("d903616263")).isEqualTo("abc"); // str8
    assertThat(decodeHex("c403616263")).isEqualTo("abc"); // bin8, valid UTF-8
    assertThat(decodeHex("c50003616263")).isEqualTo("abc"); // bin16
    assertThat(decodeHex("c600000003616263")).isEqualTo("abc"); // bin32
    assertThat((byte[]) decodeHex("c402fffe")).containsExactly((byte) 0xff, (byte) 0xfe); // bin, not UTF-8
    assertThat(decodeHex("ca3fc00000")).isEqualTo(1.5); // float32 widens to a double
  }

  @Test
  void timesTravelAsTheOriginalSendsThem() throws Exception {
    assertThat(MsgPack.decode(MsgPack.encode(Instant.ofEpochMilli(1_498_582_914_776L)))).isEqualTo(1498582914.776);
    assertThat(MsgPack.decode(MsgPack.encode(Date.from(Instant.ofEpochMilli(1_498_582_914_000L))))).isEqualTo(1498582914.0);
    assertThat(HexFormat.of().formatHex(MsgPack.encode(1.5f))).isEqualTo("cb3ff8000000000000");
  }

  @Test
  void bytesAreWrittenAsStrNeverBin() {
    assertThat(HexFormat.of().formatHex(MsgPack.encode(new byte[] {0x61, 0x62}))).isEqualTo("a26162");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "empty input,                 '',           empty message",
    "truncated map,               82a161,       not valid msgpack",
    "truncated string,            a5616263,     string of 5 bytes claimed, only 3 bytes left",
    "trailing bytes,              c0c0,         trailing bytes after the message",
    "extension type,              d40102,       unsupported msgpack type EXTENSION",
    "integer map key,             810102,       map key is not a string: Long",
    "invalid UTF-8 in str,        a2fffe,       string is not valid UTF-8",
    "reserved byte,               c1,           not valid msgpack",
    "str32 claiming 2 GiB,        db7fffffff61, string of 2147483647 bytes claimed, only 1 bytes left",
    "bin32 claiming 1 GiB,        c63fffffff,   string of 1073741823 bytes claimed, only 0 bytes left",
    "str32 over 2 GiB,            dbffffffff,   not valid msgpack",
    "array32 claiming 2 Gi items, dd7fffffff,   more than 1000000 array items and map entries",
  })
  void malformedInputIsRefusedWithAReason(String name, String hex, String reason) {
    assertThatThrownBy(() -> decodeHex(hex))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void nestingBeyondTheLimitIsRefusedOnDecodeAndEncode() {
    byte[] deep = new byte[MsgPack.MAX_DEPTH + 10];
    java.util.Arrays.fill(deep, (byte) 0x91); // [[[[...
    assertThatThrownBy(() -> MsgPack.decode(deep))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("nested deeper than " + MsgPack.MAX_DEPTH);

    List<Object> value = new ArrayList<>();
    List<Object> cursor = value;
    for (int i = 0; i < MsgPack.MAX_DEPTH + 5; i++) {
      List<Object> next = new ArrayList<>();
      cursor.add(next);
      cursor = next;
    }
    assertThatThrownBy(() -> MsgPack.encode(value)).hasMessageContaining("nested deeper than");
  }

  @Test
  void aMessageOfManyTinyItemsIsRefusedBeforeItBecomesHugeInMemory() throws Exception {
    byte[] nils = new byte[5 + MsgPack.MAX_ITEMS + 1];
    nils[0] = (byte) 0xdd; // array32
    java.nio.ByteBuffer.wrap(nils, 1, 4).putInt(MsgPack.MAX_ITEMS + 1);
    java.util.Arrays.fill(nils, 5, nils.length, (byte) 0xc0);
    assertThatThrownBy(() -> MsgPack.decode(nils))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("more than " + MsgPack.MAX_ITEMS);

    byte[] atLimit = java.util.Arrays.copyOf(nils, nils.length - 1);
    java.nio.ByteBuffer.wrap(atLimit, 1, 4).putInt(MsgPack.MAX_ITEMS);
    assertThat((List<?>) MsgPack.decode(atLimit)).hasSize(MsgPack.MAX_ITEMS);
  }

  @Test
  void unsupportedJavaValuesAndNonStringKeysAreProgrammingErrors() {
    assertThatThrownBy(() -> MsgPack.encode(new Object())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MsgPack.encode(Map.of(1, "x"))).hasMessageContaining("map keys must be strings");
  }
}
