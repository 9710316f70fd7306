package io.mercury.inspector.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.inspector.document.DeviceDocumentCodec;
import io.mercury.inspector.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class MoreCollectorsTest {
  private static final Sources DELL = Fixtures.sources("dell-r640");
  private static final Sources HPE = Fixtures.sources("hpe-dl380");
  private static final Sources VM = Fixtures.sources("kvm-guest");

  @Test
  void storageListsRealDisksOnlyWithMediaTypeSizeAndUdev() throws Exception {
    List<Map<String, Object>> disks = (List<Map<String, Object>>) DeviceDocumentCodec.encode(new StorageCollector().collect(DELL));
    assertThat(disks).extracting(d -> d.get("devname")).containsExactly("nvme0n1", "sda");
    Map<String, Object> sda = disks.get(1);
    assertThat(sda)
        .containsEntry("media_type", "disk")
        .containsEntry("size", 2_341_795_840L * 512)
        .containsEntry("sector_size", 512L)
        .containsEntry("model", "PERC H740P Mini")
        .containsEntry("vendor", "DELL")
        .containsEntry("serial", "6f4ee0806f6a3b002a5b6e0c1d2e3f40");
    assertThat((Map<String, Object>) sda.get("udev")).containsEntry("ID_BUS", "scsi").containsKey("_ID_FS_TYPE_NEW");
    assertThat(disks.get(0)).containsEntry("media_type", "ssd").containsEntry("udev", Map.of());
    assertThatThrownBy(() -> DeviceDocumentCodec.encode(new StorageCollector().collect(VM))).hasMessage("no /sys/block");
  }

  @Test
  void pciParsesLspciMachineReadableOutput() throws Exception {
    List<Map<String, Object>> devices = (List<Map<String, Object>>) DeviceDocumentCodec.encode(new PciCollector().collect(DELL));
    assertThat(devices).hasSize(3);
    assertThat(devices.get(1))
        .containsEntry("slot", "0000:00:17.0")
        .containsEntry("class_name", "SATA controller")
        .containsEntry("class_id", "0106")
        .containsEntry("device_name", "C620 Series Chipset Family SATA Controller [AHCI mode]")
        .containsEntry("device_id", "a182")
        .containsEntry("svendor_name", "Dell")
        .containsEntry("progif", "01")
        .containsEntry("driver", "ahci");
    assertThat(devices.get(0)).doesNotContainKey("driver").containsEntry("revision", "07");
    assertThatThrownBy(() -> DeviceDocumentCodec.encode(new PciCollector().collect(VM))).hasMessage("lspci is not installed");
  }

  @Test
  void garbageFromLspciAndStorcliYieldsNoDevicesOrAClearReason() throws Exception {
    Sources broken = Fixtures.sources("broken");
    assertThat((List<Object>) DeviceDocumentCodec.encode(new PciCollector().collect(broken))).isEmpty();
    assertThatThrownBy(() -> DeviceDocumentCodec.encode(new RaidCollector().collect(broken))).hasMessage("storcli printed something that is not JSON");
  }

  @Test
  void routesKeepDestinationPairsAndFlags() throws Exception {
    List<Map<String, Object>> routes = (List<Map<String, Object>>) DeviceDocumentCodec.encode(new RoutesCollector().collect(DELL));
    assertThat(routes).hasSize(5);
    assertThat(routes.get(0).keySet()).containsExactly("destination", "via", "dev", "proto", "metric");
    assertThat(routes.get(0))
        .containsAllEntriesOf(Map.of("destination", "default", "via", "10.20.7.1", "dev", "eno1", "proto", "dhcp", "metric", "100"));
    assertThat(routes.get(2)).containsEntry("onlink", true).containsEntry("via", "10.20.7.254");
    assertThat(routes.get(3)).containsEntry("type", "unreachable").containsEntry("destination", "192.168.255.0/24");
    assertThat(routes.get(4)).containsEntry("linkdown", true).containsEntry("src", "172.17.0.1");
  }

  @Test
  void bmcReadsLanAndMcInfoOnTheVendorsChannel() throws Exception {
    Map<String, Object> dell = (Map<String, Object>) DeviceDocumentCodec.encode(new BmcCollector().collect(DELL));
    assertThat((Map<String, Object>) dell.get("network"))
        .containsEntry("source", "dhcp")
        .containsEntry("ip_address", "10.30.7.22")
        .containsEntry("netmask", "255.255.255.0")
        .containsEntry("mac_address", "d0:94:66:2a:7b:11")
        .containsEntry("gateway", "10.30.7.1");
    assertThat((Map<String, Object>) dell.get("system"))
        .containsEntry("device_id", "32")
        .containsEntry("firmware_revision", "6.10")
        .containsEntry("manufacturer_name", "DELL Inc")
        .containsEntry("additional_device_support", List.of("Sensor Device", "SDR Repository Device", "SEL Device", "FRU Inventory Device"));

    Map<String, Object> hpe = (Map<String, Object>) DeviceDocumentCodec.encode(new BmcCollector().collect(HPE));
    assertThat((Map<String, Object>) hpe.get("network")).containsEntry("source", "static").containsEntry("ip_address", "10.30.9.41");
    assertThat(hpe.get("system")).isNull();
    assertThatThrownBy(() -> DeviceDocumentCodec.encode(new BmcCollector().collect(VM))).hasMessage("ipmitool is not installed");
  }

  @Test
  void systemHealthCountsCorrectedEventsAndNamesChecksItCouldNotMake() {
    Map<String, Object> dell = (Map<String, Object>) DeviceDocumentCodec.encode(new SystemHealthCollector().collect(DELL));
    assertThat(dell)
        .containsEntry("corrected_hardware_event_count", 2L)
        .containsEntry("system_uptime", "2026-11-02 06:14:09")
        .containsEntry("has_errors", false);
    Map<String, Object> hpe = (Map<String, Object>) DeviceDocumentCodec.encode(new SystemHealthCollector().collect(HPE));
    assertThat(hpe).containsEntry("corrected_hardware_event_count", null).containsEntry("has_errors", true);
    assertThat((List<String>) hpe.get("errors"))
        .containsExactly(
            "corrected hardware events unknown: journalctl exited with 1",
            "system uptime unknown: uptime is not installed",
            "DIMM 1/2 status: DIMM is degraded",
            "Power supply #2 condition: FAILED");
    Map<String, Object> oem = (Map<String, Object>) hpe.get("oem_details");
    assertThat((Map<String, Object>) oem.get("server"))
        .containsEntry("system", "ProLiant DL380 Gen10")
        .containsEntry("rom_version", "U30 02/02/2023");
    assertThat((List<Map<String, Object>>) oem.get("dimm"))
        .extracting(d -> d.get("size"))
        .containsExactly("32768 MB", "32768 MB");
    assertThat((List<Map<String, Object>>) oem.get("power_supplies"))
        .extracting(p -> p.get("name"))
        .containsExactly("Power supply #1", "Power supply #2");
    assertThat(dell).doesNotContainKey("oem_details");
  }
}
