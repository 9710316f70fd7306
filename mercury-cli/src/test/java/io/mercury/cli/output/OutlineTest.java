package io.mercury.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.cli.testing.SampleDevices;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutlineTest {
  @Test
  void nestedMapsIndentAndListsOfMapsAreItems() {
    Map<String, Object> device = SampleDevices.hp();
    device.keySet().retainAll(List.of("dmi", "interfaces"));
    device.put("interfaces", List.of(((List<?>) device.get("interfaces")).getFirst()));

    assertThat(Outline.render(device))
        .isEqualTo(
            """
            dmi:
              sys_vendor: HP
              product_name: ProLiant DL360 Gen9
              product_serial: MXQ1234567
              chassis_serial: CHS-HP-1
              chassis_type: 23
            interfaces:
              - devname: eno1
                address: 00:1b:21:aa:bb:01
                carrier: true
            """);
  }

  @Test
  void timesAreIsoUtcAndByteCountsGetTheirSize() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("time_updated", 1.7966011912349126E9);
    doc.put("active", Map.of("active_since", 1_796_117_400L));
    doc.put("mem", Map.of("MemTotal", 137_438_953_472L));
    doc.put("os_storage", List.of(Map.of("size", 1_199_638_052_864L)));
    doc.put("sector_size", 512L);
    doc.put("corrected_hardware_event_count", 2_000_000L);
    doc.put("bogomips", 4200.0);

    assertThat(Outline.render(doc))
        .isEqualTo(
            """
            time_updated: 2026-12-06T23:53:11Z
            active:
              active_since: 2026-12-01T09:30:00Z
            mem:
              MemTotal: 137438953472 (128.0 GiB)
            os_storage:
              - size: 1199638052864 (1.1 TiB)
            sector_size: 512
            corrected_hardware_event_count: 2000000
            bogomips: 4200
            """);
  }

  @Test
  void emptyAndMissingValuesAreADashAndMultiLineTextIsABlock() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("chassis_version", "");
    doc.put("ipv6_gateways", null);
    doc.put("address_info_v6", List.of());
    doc.put("extra", Map.of());
    doc.put("boot", Map.of("script", "#!ipxe\nexit\n"));

    assertThat(Outline.render(doc))
        .isEqualTo(
            """
            chassis_version: -
            ipv6_gateways: -
            address_info_v6: -
            extra: -
            boot:
              script:
                #!ipxe
                exit
            """);
  }

  @Test
  void phrasesAreItemsAndWordsStayOnOneLine() {
    Map<String, Object> health = new LinkedHashMap<>();
    health.put("errors", List.of("uptime unknown: no /proc, no uptime", "ECC: 2 corrected"));
    health.put("roles", List.of("web", "db"));

    assertThat(Outline.render(Map.of("system_health", health)))
        .isEqualTo(
            """
            system_health:
              errors:
                - uptime unknown: no /proc, no uptime
                - ECC: 2 corrected
              roles: web, db
            """);
  }

  @Test
  void aLongListOfPlainValuesWrapsBelowItsKey() {
    List<String> flags = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      flags.add("flag" + i);
    }

    List<String> lines = Outline.render(Map.of("cpu", List.of(Map.of("flags", flags)))).lines().toList();

    assertThat(lines.get(1)).startsWith("  - flags: flag0, flag1, ").endsWith(",");
    assertThat(lines).allMatch(l -> l.length() <= Outline.WIDTH);
    assertThat(lines.subList(2, lines.size())).allMatch(l -> l.startsWith("      flag"));
    assertThat(String.join(" ", lines).replaceAll("\\s+", " ")).contains("flag28, flag29");
  }
}
