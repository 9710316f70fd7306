package io.mercury.inspector.collect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercury.inspector.document.DeviceDocumentCodec;
import io.mercury.inspector.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class LldpNeighboursTest {
  @Test
  void theSwitchPortIsReportedUnderItsInterface() throws Exception {
    List<Map<String, Object>> nics = (List<Map<String, Object>>) DeviceDocumentCodec.encode(new InterfacesCollector().collect(Fixtures.sources("dell-r640")));
    assertThat((Map<String, Object>) nics.get(0).get("lldp"))
        .containsEntry("switch_name", "c10-5-1e.ord1")
        .containsEntry("port_number", 17L)
        .containsEntry("port_id", "Ethernet17")
        .containsEntry("port_description", "dc1-r07-u22 eno1")
        .containsEntry("chassis_id", "44:4c:a8:0b:12:9e")
        .containsEntry("management_address", "10.250.10.5")
        .containsEntry("vlan", "120");
    assertThat(nics.get(1)).doesNotContainKey("lldp");
  }

  @Test
  void withoutLldpdInterfacesHaveNoLldpKey() throws Exception {
    List<Map<String, Object>> nics = (List<Map<String, Object>>) DeviceDocumentCodec.encode(new InterfacesCollector().collect(Fixtures.sources("kvm-guest")));
    assertThat(nics).allSatisfy(nic -> assertThat(nic).doesNotContainKey("lldp"));
  }

  @Test
  void aMacStylePortIdTakesTheNumberFromTheDescriptionOrNone() throws Exception {
    String json =
        "{\"lldp\":[{\"interface\":[{\"name\":\"eth0\",\"chassis\":[{\"name\":[{\"value\":\"sw\"}]}],"
            + "\"port\":[{\"id\":[{\"type\":\"mac\",\"value\":\"72:5e:27:e2:39:53\"}]}]}]}]}";
    Map<String, Object> n = DeviceDocumentCodec.neighbour(LldpNeighbours.parse(new ObjectMapper().readTree(json)).get("eth0"));
    assertThat(n).containsEntry("switch_name", "sw").containsEntry("port_number", null).containsEntry("vlan", null);
  }
}
