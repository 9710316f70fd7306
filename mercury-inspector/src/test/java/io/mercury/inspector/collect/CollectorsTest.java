package io.mercury.inspector.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.inspector.document.DeviceDocumentCodec;
import io.mercury.inspector.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class CollectorsTest {
  private static final Sources DELL = Fixtures.sources("dell-r640");
  private static final Sources VM = Fixtures.sources("kvm-guest");
  private static final Sources BROKEN = Fixtures.sources("broken");

  @Test
  void dmiReadsEveryRegularFileAsAString() throws Exception {
    Map<String, Object> dmi = (Map<String, Object>) DeviceDocumentCodec.encode(new DmiCollector().collect(DELL));
    assertThat(dmi)
        .containsEntry("sys_vendor", "Dell Inc.")
        .containsEntry("product_name", "PowerEdge R640")
        .containsEntry("product_uuid", "4c4c4544-0047-4a10-804b-b8c04f334d33")
        .containsEntry("board_asset_tag", "")
        .doesNotContainKey("power");
    assertThatThrownBy(() -> DeviceDocumentCodec.encode(new DmiCollector().collect(VM))).hasMessageContaining("has no DMI");
  }

  @Test
  void memCountsKilobytesAsKibibytesAndKeepsUnitlessValuesAsText() throws Exception {
    Map<String, Object> mem = (Map<String, Object>) DeviceDocumentCodec.encode(new MemCollector().collect(DELL));
    assertThat(mem)
        .containsEntry("MemTotal", 394_937_328L * 1024)
        .containsEntry("SwapTotal", 0L)
        .containsEntry("HugePages_Total", "0")
        .containsEntry("Hugepagesize", 2048L * 1024);
    assertThatThrownBy(() -> DeviceDocumentCodec.encode(new MemCollector().collect(BROKEN))).hasMessage("/proc/meminfo has no MemTotal line");
    assertThatThrownBy(() -> DeviceDocumentCodec.encode(new MemCollector().collect(Fixtures.sources("no-such-machine"))))
        .hasMessage("cannot read /proc/meminfo");
  }

  @Test
  void cpuGivesOneEntryPerPackageWithCpufreqInMegahertz() throws Exception {
    List<Map<String, Object>> cpus = (List<Map<String, Object>>) DeviceDocumentCodec.encode(new CpuCollector().collect(DELL));
    assertThat(cpus).hasSize(2);
    assertThat(cpus.get(1))
        .containsEntry("physical_id", 1L)
        .containsEntry("cores", 20L)
        .containsEntry("threads", 40L)
        .containsEntry("model_name", "Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz")
        .containsEntry("cache_size", "28160 KB")
        .containsEntry("cache_alignment", 64L);
    assertThat((List<String>) cpus.get(0).get("flags")).contains("avx512f").hasSize(14);
    Map<String, Object> freq = (Map<String, Object>) cpus.get(1).get("frequency");
    assertThat(freq)
        .containsEntry("cpufreq_enabled", true)
        .containsEntry("current", 2102.0)
        .containsEntry("min", 1000.0)
        .containsEntry("max", 3900.0)
        .containsEntry("bogomips", 4200.0);
  }

  @Test
  void cpuWithoutPackageIdsOrCpufreqFallsBackToCpuMhz() throws Exception {
    List<Map<String, Object>> cpus = (List<Map<String, Object>>) DeviceDocumentCodec.encode(new CpuCollector().collect(VM));
    assertThat(cpus).hasSize(1);
    assertThat((Map<String, Object>) cpus.get(0).get("frequency"))
        .containsEntry("cpufreq_enabled", false)
        .containsEntry("current", 2999.998)
        .containsEntry("max", 2999.998);
    assertThatThrownBy(() -> DeviceDocumentCodec.encode(new CpuCollector().collect(BROKEN))).hasMessage("/proc/cpuinfo lists no processor");
  }

  @Test
  void interfacesComeFromSysfsInKernelOrderWithTheirPciDetails() throws Exception {
    List<Map<String, Object>> nics = (List<Map<String, Object>>) DeviceDocumentCodec.encode(new InterfacesCollector().collect(DELL));
    assertThat(nics).extracting(n -> n.get("devname")).containsExactly("eno1", "eno2", "eno3", "eno4");
    Map<String, Object> eno1 = nics.get(0);
    assertThat(eno1)
        .containsEntry("address", "24:6e:96:4a:1c:10")
        .containsEntry("carrier", true)
        .containsEntry("speed", "10000")
        .containsEntry("duplex", "full")
        .containsEntry("pci_slot", "0000:18:00.0")
        .containsEntry("driver", "i40e")
        .containsEntry("pci_class", "0x020000")
        .containsEntry("pci_id", "8086:1572")
        .containsEntry("pci_subsystem_id", "1028:1f9c")
        .containsEntry("model_name", "Ethernet Controller X710 for 10GbE SFP+")
        .containsEntry("vendor_name", "Intel Corporation");
    assertThat((Map<String, Object>) eno1.get("predictable_names"))
        .containsEntry("biosdevname", "em1")
        .containsEntry("systemd_udev", "enp24s0f0")
        .containsEntry("systemd_onboard", "eno1");
    assertThat((List<Object>) eno1.get("address_info"))
        .containsExactly(Map.of("addr", "10.20.7.22", "netmask", "255.255.255.0", "broadcast", "10.20.7.255"));
    assertThat((List<Object>) eno1.get("address_info_v6"))
        .containsExactly(Map.of("addr", "fe80::266e:96ff:fe4a:1c10", "netmask", "ffff:ffff:ffff:ffff::/64"));
    assertThat((List<Object>) eno1.get("ipv4_gateways"))
        .containsExactly(Map.of("gateway_ip", "10.20.7.1", "interface", "eno1", "default", true));
    assertThat(eno1.get("ipv6_gateways")).isNull();

    Map<String, Object> eno3 = nics.get(2);
    assertThat(eno3).containsEntry("carrier", false).containsEntry("speed", null).containsEntry("driver", "igb");
    assertThat((Map<String, Object>) eno3.get("predictable_names")).containsEntry("biosdevname", null);
  }

  @Test
  void virtualNicsHaveNoPciSlotAndAddressesWithoutIpAreKept() throws Exception {
    List<Map<String, Object>> nics = (List<Map<String, Object>>) DeviceDocumentCodec.encode(new InterfacesCollector().collect(VM));
    assertThat(nics).extracting(n -> n.get("devname")).containsExactly("ens3", "docker0");
    assertThat(nics.get(0))
        .containsEntry("driver", "virtio_net")
        .containsEntry("pci_slot", null)
        .containsEntry("speed", "-1");
    assertThat((List<Object>) nics.get(0).get("address_info_v6"))
        .containsExactly(Map.of("addr", "2001:db8::50", "netmask", "ffff:ffff:ffff:ffff::/64"));
    assertThat((List<Object>) nics.get(0).get("ipv6_gateways"))
        .containsExactly(Map.of("gateway_ip", "fe80::1", "interface", "ens3", "default", true));
    assertThat(nics.get(1)).containsEntry("address", "02:42:ac:11:00:01").containsEntry("driver", null);
  }

  @Test
  void garbageToolOutputAndFailingToolsLeaveFieldsEmptyButTheNicIsStillReported() throws Exception {
    List<Map<String, Object>> nics = (List<Map<String, Object>>) DeviceDocumentCodec.encode(new InterfacesCollector().collect(BROKEN));
    assertThat(nics).hasSize(1);
    assertThat(nics.get(0))
        .containsEntry("address", "aa:bb:cc:dd:ee:ff")
        .containsEntry("address_info", List.of())
        .containsEntry("ipv4_gateways", null);
  }

  @Test
  void netmasksAreWrittenAsNetifacesWritesThem() {
    assertThat(InterfacesCollector.ipv4Mask(24)).isEqualTo("255.255.255.0");
    assertThat(InterfacesCollector.ipv4Mask(0)).isEqualTo("0.0.0.0");
    assertThat(InterfacesCollector.ipv4Mask(32)).isEqualTo("255.255.255.255");
    assertThat(InterfacesCollector.ipv6Mask(64)).isEqualTo("ffff:ffff:ffff:ffff::/64");
    assertThat(InterfacesCollector.ipv6Mask(56)).isEqualTo("ffff:ffff:ffff:ff00::/56");
    assertThat(InterfacesCollector.ipv6Mask(128)).isEqualTo("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
  }

  @Test
  void agentInfoCarriesTheVersionAndTheHostName() {
    assertThat((Map<String, Object>) DeviceDocumentCodec.encode(new AgentInfoCollector().collect(DELL))).containsEntry("hostname", "dc1-r07-u22");
    assertThat((Map<String, Object>) DeviceDocumentCodec.encode(new AgentInfoCollector().collect(BROKEN))).containsEntry("hostname", null);
  }
}
