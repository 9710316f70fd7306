package io.mercury.inspector.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.inspector.source.CommandResult;
import io.mercury.inspector.source.SystemRoot;
import io.mercury.inspector.testing.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class PciCollectorTest {
  private static List<Map<String, Object>> pci(Sources sources) throws Exception {
    return (List<Map<String, Object>>) new PciCollector().collect(sources);
  }

  private static Sources printing(String stdout) {
    return new Sources(
        new SystemRoot(Path.of("/nonexistent")),
        (command, timeout) -> new CommandResult(CommandResult.Outcome.OK, 0, stdout, ""),
        Duration.ofSeconds(1));
  }

  @Test
  void eachDeviceHasTheOriginalKeysWithNamesAndIdsSplit() throws Exception {
    List<Map<String, Object>> devices = pci(Fixtures.sources("dell-r640"));
    assertThat(devices).extracting(d -> d.get("slot"))
        .containsExactly("00:00.0", "01:00.0", "01:00.1", "03:00.0", "18:00.0", "18:00.1", "3b:00.0", "5e:00.0");
    assertThat(devices.get(4))
        .containsExactly(
            Map.entry("slot", "18:00.0"),
            Map.entry("class_name", "Ethernet controller"),
            Map.entry("class_id", "0200"),
            Map.entry("vendor_name", "Intel Corporation"),
            Map.entry("vendor_id", "8086"),
            Map.entry("device_name", "Ethernet Controller X710 for 10GbE SFP+"),
            Map.entry("device_id", "1572"),
            Map.entry("svendor_name", "Dell"),
            Map.entry("svendor_id", "1028"),
            Map.entry("sdevice_name", "Gigabit 4P X710/I350 rNDC"),
            Map.entry("sdevice_id", "1f9c"),
            Map.entry("revision", "02"),
            Map.entry("driver", "i40e"));
  }

  @Test
  void bracketsInsideANameStayInTheNameAndAbsentKeysStayAbsent() throws Exception {
    List<Map<String, Object>> devices = pci(Fixtures.sources("dell-r640"));
    assertThat(devices.get(6))
        .containsEntry("device_name", "MegaRAID SAS-3 3108 [Invader]")
        .containsEntry("device_id", "005d")
        .containsEntry("driver", "megaraid_sas");
    assertThat(devices.get(7)).containsEntry("progif", "02").doesNotContainKey("revision");
    assertThat(devices.get(3)).containsEntry("class_name", "VGA compatible controller").doesNotContainKey("driver");
    assertThat(pci(Fixtures.sources("kvm-guest")).get(1))
        .containsEntry("vendor_name", "Red Hat, Inc.")
        .containsEntry("driver", "virtio-pci");
  }

  @Test
  void aValueWithoutAnIdIsKeptAsTheName() throws Exception {
    assertThat(pci(printing("Slot:\t00:1f.0\nClass:\tISA bridge\n")))
        .containsExactly(Map.of("slot", "00:1f.0", "class_name", "ISA bridge"));
  }

  @Test
  void garbageOutputFailsAndRecordsWithoutASlotAreSkipped() throws Exception {
    assertThatThrownBy(() -> pci(Fixtures.sources("broken"))).hasMessage("lspci -nnvmmk printed no device record");
    assertThat(pci(printing("Class:\tHost bridge [0600]\n\nSlot:\t00:02.0\nVendor:\tIntel Corporation [8086]\n")))
        .containsExactly(Map.of("slot", "00:02.0", "vendor_name", "Intel Corporation", "vendor_id", "8086"));
    assertThat(pci(printing(""))).isEmpty();
  }

  @Test
  void aMissingToolIsReported() {
    assertThatThrownBy(() -> pci(Fixtures.sources("no-such-machine"))).hasMessage("lspci -nnvmmk: lspci is not installed");
  }
}
