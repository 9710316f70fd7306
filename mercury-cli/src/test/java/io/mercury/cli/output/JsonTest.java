package io.mercury.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  private static Map<String, Object> doc() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("mercury_id", "01ab");
    d.put("mem", Map.of("MemTotal", 64_000_000_000L));
    d.put("flags", List.of("sse", "avx"));
    d.put("active", null);
    d.put("time_created", 1.5E9);
    d.put("empty", Arrays.asList());
    return d;
  }

  @Test
  void lineIsCompactAndKeepsKeyOrderAndNulls() {
    assertThat(Json.line(doc()))
        .isEqualTo(
            "{\"mercury_id\":\"01ab\",\"mem\":{\"MemTotal\":64000000000},\"flags\":[\"sse\",\"avx\"],"
                + "\"active\":null,\"time_created\":1.5E9,\"empty\":[]}");
  }

  @Test
  void prettyIndentsTheTree() {
    assertThat(Json.pretty(doc()))
        .isEqualTo(
            """
            {
              "mercury_id": "01ab",
              "mem": {
                "MemTotal": 64000000000
              },
              "flags": [
                "sse",
                "avx"
              ],
              "active": null,
              "time_created": 1.5E9,
              "empty": [ ]
            }""");
  }
}
