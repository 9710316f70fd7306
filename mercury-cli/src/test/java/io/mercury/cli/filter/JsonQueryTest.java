package io.mercury.cli.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonQueryTest {
  @Test
  void parsesAnObjectWithOperators() throws Exception {
    Map<String, Object> q =
        JsonQuery.parse("{\"dmi.sys_vendor\": {\"$in\": [\"HP\", \"Dell\"]}, \"n\": 3, \"x\": null}");

    assertThat(q).containsEntry("dmi.sys_vendor", Map.of("$in", List.of("HP", "Dell")));
    assertThat(q).containsEntry("n", 3);
    assertThat(q).containsEntry("x", null);
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|bad query JSON: empty",
        "'[1, 2]'|bad query JSON: must be an object",
        "'\"text\"'|bad query JSON: must be an object",
        "'{\"a\": }'|bad query JSON at column 7: Unexpected character ('}'",
        "'{\"a\": 1'|bad query JSON",
        "'{\"a\": 1} {}'|bad query JSON",
        "'{a: 1}'|bad query JSON at column 2: Unexpected character ('a'"
      })
  void rejectsWhatIsNotOneJsonObject(String json, String message) {
    assertThatThrownBy(() -> JsonQuery.parse(json))
        .isInstanceOf(FilterException.class)
        .hasMessageStartingWith(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
