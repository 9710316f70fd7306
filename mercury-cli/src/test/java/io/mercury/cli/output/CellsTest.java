package io.mercury.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CellsTest {
  static Stream<Arguments> cells() {
    return Stream.of(
        Arguments.of(null, "-"),
        Arguments.of("", "-"),
        Arguments.of("  ", "-"),
        Arguments.of("HP", "HP"),
        Arguments.of(" two\nlines\t ", "two lines"),
        Arguments.of(42L, "42"),
        Arguments.of(1.7001234567E9, "1700123456.7"),
        Arguments.of(2.0, "2"),
        Arguments.of(Double.NaN, "NaN"),
        Arguments.of(true, "true"),
        Arguments.of(List.of(), "-"),
        Arguments.of(List.of("eno1", "eno2"), "eno1,eno2"),
        Arguments.of(Arrays.asList("a", null), "a,-"),
        Arguments.of(List.of(Map.of("k", 1L)), "[{\"k\":1}]"),
        Arguments.of(Map.of("k", "v"), "{\"k\":\"v\"}"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("cells")
  void rendersValuesOnOneLine(Object value, String expected) {
    assertThat(Cells.text(value)).isEqualTo(expected);
  }
}
