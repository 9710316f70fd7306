package io.mercury.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.common.id.MercuryId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sample fleet is realistic where it matters: each device's mercury_id is what an agent would compute. */
class SampleFleetTest {
  @Test
  @SuppressWarnings("unchecked")
  void everyDeviceCarriesTheIdTheOriginalAlgorithmGives() throws Exception {
    Path dir = Path.of(System.getProperty("mercury.test.root", "..")).resolve("docs/examples/fleet");
    List<Map<String, Object>> devices = SampleFleet.read(dir);
    assertThat(devices).hasSize(14);
    for (Map<String, Object> d : devices) {
      String expected =
          MercuryId.generate((Map<String, Object>) d.get("dmi"), (List<Map<String, Object>>) d.get("interfaces"));
      assertThat(d.get("mercury_id")).as("mercury_id of %s", d.get("agent_info")).isEqualTo(expected);
      assertThat(((Map<String, Object>) d.get("mem")).get("MemTotal")).isInstanceOf(Long.class);
    }
    assertThat(devices.stream().map(d -> d.get("mercury_id")).distinct()).hasSize(14);
  }
}
