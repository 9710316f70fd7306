package io.mercury.inspector.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.inspector.source.SystemRoot;
import io.mercury.inspector.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("unchecked")
class OsStorageCollectorTest {
  private static List<Map<String, Object>> disks(Sources sources) throws Exception {
    return (List<Map<String, Object>>) new OsStorageCollector().collect(sources);
  }

  @Test
  void disksAreListedWithoutLoopAndCdromDevices() throws Exception {
    List<Map<String, Object>> disks = disks(Fixtures.sources("dell-r640"));
    assertThat(disks).extracting(d -> d.get("device")).containsExactly("/dev/nvme0n1", "/dev/sda");
  }

  @Test
  void aRaidVolumeTakesItsSerialAndPartitionTableFromUdev() throws Exception {
    Map<String, Object> sda = disks(Fixtures.sources("dell-r640")).get(1);
    assertThat(sda)
        .containsEntry("media_type", "disk")
        .containsEntry("size", 3_749_707_776L * 512)
        .containsEntry("sector_size", 512L)
        .containsEntry("model", "PERC H730P Mini")
        .containsEntry("serial", "6d0946606d2f3e002a3b4c5d6e7f8091")
        .containsEntry("partition_table", "gpt");
    Map<String, Object> udev = (Map<String, Object>) sda.get("udev");
    assertThat(udev).containsEntry("ID_BUS", "scsi").containsEntry("_ID_FS_TYPE_NEW", "").doesNotContainKey(".ID_FS_TYPE_NEW");
  }

  @Test
  void anNvmeDiskIsAnSsdWhoseSizeIsCountedIn512ByteSectors() throws Exception {
    Map<String, Object> nvme = disks(Fixtures.sources("dell-r640")).get(0);
    assertThat(nvme)
        .containsEntry("media_type", "ssd")
        .containsEntry("size", 3_125_627_568L * 512)
        .containsEntry("sector_size", 4096L)
        .containsEntry("model", "Dell Ent NVMe PM1733 RI 1.92TB")
        .containsEntry("serial", "S4YNNE0N801234")
        .containsEntry("partition_table", null)
        .containsEntry("udev", null);
  }

  @Test
  void aVirtioDiskWithAnEmptySerialHasNullModelAndSerial() throws Exception {
    assertThat(disks(Fixtures.sources("kvm-guest")))
        .singleElement()
        .satisfies(
            vda ->
                assertThat(vda)
                    .containsEntry("device", "/dev/vda")
                    .containsEntry("media_type", "disk")
                    .containsEntry("size", 83_886_080L * 512)
                    .containsEntry("sector_size", 512L)
                    .containsEntry("model", null)
                    .containsEntry("serial", null)
                    .containsEntry("partition_table", null)
                    .containsEntry("udev", null));
  }

  @Test
  void unreadableAndGarbageAttributesLeaveNullsButKeepTheDisk() throws Exception {
    assertThat(disks(Fixtures.sources("broken")))
        .singleElement()
        .satisfies(
            sda ->
                assertThat(sda)
                    .containsEntry("device", "/dev/sda")
                    .containsEntry("media_type", "unknown")
                    .containsEntry("size", null)
                    .containsEntry("model", null));
  }

  @Test
  void devicesAreAlsoLeftOutByTheirMajorNumber(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("sys/block/xvdz"));
    Files.writeString(root.resolve("sys/block/xvdz/dev"), "7:3\n");
    Files.createDirectories(root.resolve("sys/block/xvda"));
    Files.writeString(root.resolve("sys/block/xvda/dev"), "202:0\n");
    Sources sources = new Sources(new SystemRoot(root), new Fixtures.FixtureCommands(root), Duration.ofSeconds(1));
    assertThat(disks(sources)).extracting(d -> d.get("device")).containsExactly("/dev/xvda");
  }

  @Test
  void noSysBlockIsReported() {
    assertThatThrownBy(() -> disks(Fixtures.sources("no-such-machine"))).hasMessage("no /sys/block");
  }
}
