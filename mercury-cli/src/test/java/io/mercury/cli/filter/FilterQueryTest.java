package io.mercury.cli.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterQueryTest {
  /** Compact JSON of a query, to compare whole documents (null values included) in one line. */
  private static String json(Map<String, Object> query) {
    return io.mercury.cli.output.Json.line(query);
  }

  static Stream<Arguments> queries() {
    return Stream.of(
        Arguments.of(List.of(), "{}"),
        Arguments.of(List.of("dmi.sys_vendor=HP"), "{\"dmi.sys_vendor\":\"HP\"}"),
        Arguments.of(List.of("mem.MemTotal>=64e9"), "{\"mem.MemTotal\":{\"$gte\":64000000000}}"),
        Arguments.of(List.of("a!=x"), "{\"a\":{\"$ne\":\"x\"}}"),
        Arguments.of(List.of("a<1.5"), "{\"a\":{\"$lt\":1.5}}"),
        Arguments.of(List.of("a<=2"), "{\"a\":{\"$lte\":2}}"),
        Arguments.of(List.of("a>2"), "{\"a\":{\"$gt\":2}}"),
        Arguments.of(List.of("a~^x.*"), "{\"a\":{\"$regex\":\"^x.*\"}}"),
        Arguments.of(List.of("active"), "{\"active\":{\"$ne\":null}}"),
        Arguments.of(List.of("!active"), "{\"active\":{\"$eq\":null}}"),
        Arguments.of(List.of("a=null"), "{\"a\":null}"),
        Arguments.of(List.of("a=true"), "{\"a\":true}"),
        Arguments.of(List.of("a=\"17\""), "{\"a\":\"17\"}"),
        Arguments.of(
            List.of("dmi.sys_vendor=HP", "mem.MemTotal>=64e9"),
            "{\"dmi.sys_vendor\":\"HP\",\"mem.MemTotal\":{\"$gte\":64000000000}}"),
        Arguments.of(List.of("a>1", "a<5"), "{\"a\":{\"$gt\":1,\"$lt\":5}}"),
        Arguments.of(List.of("a=3", "a!=4"), "{\"a\":{\"$eq\":3,\"$ne\":4}}"),
        Arguments.of(List.of("a", "a~x"), "{\"a\":{\"$ne\":null,\"$regex\":\"x\"}}"),
        Arguments.of(
            List.of("a~x", "a~y"),
            "{\"a\":{\"$regex\":\"x\"},\"$and\":[{\"a\":{\"$regex\":\"y\"}}]}"),
        Arguments.of(
            List.of("a=1", "a=2"), "{\"a\":{\"$eq\":1},\"$and\":[{\"a\":{\"$eq\":2}}]}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void buildsTheQueryDocument(List<String> filters, String expected) throws Exception {
    assertThat(json(FilterQuery.of(filters))).isEqualTo(expected);
  }

  @Test
  void namesTheBadFilterAmongGoodOnes() {
    assertThatThrownBy(() -> FilterQuery.of(List.of("a=1", "b>", "c=2")))
        .isInstanceOf(FilterException.class)
        .hasMessage("bad filter 'b>': missing value after '>'");
  }

  @Test
  void allOfDropsEmptyPartsAndJoinsTheRestWithAnd() {
    Map<String, Object> a = Map.of("a", 1L);
    Map<String, Object> b = Map.of("b", 2L);

    assertThat(FilterQuery.allOf(List.of())).isEmpty();
    assertThat(FilterQuery.allOf(List.of(Map.of(), Map.of()))).isEmpty();
    assertThat(FilterQuery.allOf(List.of(Map.of(), a))).isEqualTo(a);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("$and", Arrays.asList(a, b));
    assertThat(FilterQuery.allOf(List.of(a, Map.of(), b))).isEqualTo(expected);
  }
}
