package io.mercury.common.dispatch;

import static io.mercury.common.dispatch.Param.required;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.security.Caller;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditTargetsTest {
  private static final Endpoint INSERT =
      new Endpoint("insert_one", Access.OPERATE, List.of(required("device_info", ParamType.MAP)), a -> null, false);

  @Test
  void aLargeMapIsRecordedAsTheStartOfItsJsonCappedAt500Characters() {
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("mercury_id", "01abc");
    for (int i = 0; i < 2000; i++) {
      device.put("field" + i, "value " + i);
    }

    Object recorded = AuditTargets.of(INSERT, INSERT.bind(List.of(device), Map.of(), Caller.unauthenticated())).get("device_info");

    assertThat((String) recorded).startsWith("{\"mercury_id\": \"01abc\", \"field0\": \"value 0\"").hasSize(501).endsWith("…");
  }

  @Test
  void aSmallMapIsRecordedWhole() {
    Object recorded =
        AuditTargets.of(INSERT, INSERT.bind(List.of(Map.of("mercury_id", "01abc")), Map.of(), Caller.unauthenticated())).get("device_info");

    assertThat(recorded).isEqualTo("{\"mercury_id\": \"01abc\"}");
  }
}
