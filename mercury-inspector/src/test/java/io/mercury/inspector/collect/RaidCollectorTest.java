package io.mercury.inspector.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.inspector.document.DeviceDocumentCodec;
import io.mercury.inspector.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class RaidCollectorTest {
  private static Map<String, Object> only(Object raid) {
    assertThat((List<Object>) raid).hasSize(1);
    return (Map<String, Object>) ((List<Object>) raid).get(0);
  }

  private static Map<String, Object> configuration(Map<String, Object> adapter) {
    return (Map<String, Object>) adapter.get("configuration");
  }

  @Test
  void aPercControllerIsReadFromPerccliJson() throws Exception {
    Map<String, Object> perc = only(DeviceDocumentCodec.encode(new RaidCollector().collect(Fixtures.sources("dell-r640"))));
    assertThat(perc)
        .containsEntry("name", "PERC H740P Mini")
        .containsEntry("provider", "megaraid")
        .containsEntry("adapter_handler", "megaraid_sas")
        .containsEntry("total_drives", 4L);
    assertThat((Map<String, Object>) perc.get("vendor_info")).containsEntry("firmware", "5.160.02-3552").containsEntry("serial_number", "67E00S2");
    Map<String, Object> array = (Map<String, Object>) ((List<Object>) configuration(perc).get("arrays")).get(0);
    assertThat((List<Map<String, Object>>) array.get("logical_drives"))
        .singleElement()
        .satisfies(ld -> assertThat(ld).containsEntry("status", "OK").containsEntry("level", "1").containsEntry("size", Math.round(1.089 * Math.pow(1024, 4))));
    assertThat((List<Map<String, Object>>) array.get("physical_drives"))
        .extracting(d -> d.get("status"))
        .containsExactly("OK", "OK");
    assertThat((List<Map<String, Object>>) configuration(perc).get("spares")).singleElement().satisfies(d -> assertThat(d).containsEntry("status", "SPARE"));
    assertThat((List<Map<String, Object>>) configuration(perc).get("unassigned"))
        .singleElement()
        .satisfies(d -> assertThat(d).containsEntry("status", "UNASSIGNED").containsEntry("extra", Map.of("box", "32", "bay", "3", "model", "ST600MM0009")));
  }

  @Test
  void aSmartArrayIsReadFromSsacliIncludingADegradedArrayASpareAndAnUnassignedDrive() throws Exception {
    Map<String, Object> p408 = only(DeviceDocumentCodec.encode(new RaidCollector().collect(Fixtures.sources("hpe-dl380"))));
    assertThat(p408)
        .containsEntry("name", "Smart Array P408i-a SR Gen10")
        .containsEntry("provider", "hpssa")
        .containsEntry("adapter_handler", "hpssa")
        .containsEntry("total_drives", 6L);
    List<Map<String, Object>> arrays = (List<Map<String, Object>>) configuration(p408).get("arrays");
    assertThat(arrays).hasSize(2);
    assertThat(arrays.get(1)).containsEntry("extra", Map.of("letter", "B")).containsEntry("free_space", 200_000_000_000L);
    assertThat((List<Map<String, Object>>) arrays.get(1).get("logical_drives"))
        .singleElement()
        .satisfies(ld -> assertThat(ld).containsEntry("status", "INTERIM RECOVERY MODE").containsEntry("level", "1").containsEntry("size", 480_000_000_000L));
    assertThat((List<Map<String, Object>>) arrays.get(1).get("physical_drives"))
        .extracting(d -> d.get("status"))
        .containsExactly("OK", "FAILED");
    assertThat((List<Map<String, Object>>) arrays.get(0).get("physical_drives"))
        .first()
        .satisfies(d -> assertThat(d)
            .containsEntry("index", 0L)
            .containsEntry("size", 1_200_000_000_000L)
            .containsEntry("type", "SAS HDD")
            .containsEntry("extra", Map.of("port", "1I", "box", "1", "bay", "1")));
    assertThat((List<Object>) configuration(p408).get("spares")).hasSize(1);
    assertThat((List<Map<String, Object>>) configuration(p408).get("unassigned"))
        .singleElement()
        .satisfies(d -> assertThat(d).containsEntry("size", 600_000_000_000L));
  }

  @Test
  void withoutASupportedToolThereIsNoRaidKeyValue() {
    assertThatThrownBy(() -> DeviceDocumentCodec.encode(new RaidCollector().collect(Fixtures.sources("kvm-guest"))))
        .hasMessage("no supported RAID tool (storcli64, perccli64, ssacli)");
  }

  @Test
  void garbageFromTheToolsIsRefusedOrYieldsNothing() {
    assertThatThrownBy(() -> RaidCollector.megaraid("Error: not JSON")).hasMessage("storcli printed something that is not JSON");
    assertThat(RaidCollector.smartArray("Error: The controller identified by \"all\" was not detected.")).isEmpty();
  }

  @Test
  void sizesUseTheToolsUnits() {
    assertThat(RaidCollector.bytes("1.090 TB", 1024)).isEqualTo(Math.round(1.090 * Math.pow(1024, 4)));
    assertThat(RaidCollector.bytes("1.2 TB", 1000)).isEqualTo(1_200_000_000_000L);
    assertThat(RaidCollector.bytes("512B", 1024)).isEqualTo(512L);
    assertThat(RaidCollector.bytes("unknown", 1000)).isNull();
  }
}
