package io.mercury.inspector.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.mercury.inspector.document.DeviceDocumentCodec;
import io.mercury.inspector.source.SystemRoot;
import io.mercury.inspector.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Collectors over small trees where a file is a directory, unreadable, or holds garbage. */
@SuppressWarnings("unchecked")
class UnreadableSourcesTest {
  @TempDir Path root;

  private Sources sources() {
    return new Sources(new SystemRoot(root), new Fixtures.FixtureCommands(root.resolve("commands")), Duration.ofSeconds(1));
  }

  private void file(String path, String content) throws Exception {
    Files.createDirectories(root.resolve(path).getParent());
    Files.writeString(root.resolve(path), content);
  }

  private void directory(String path) throws Exception {
    Files.createDirectories(root.resolve(path));
  }

  @Test
  void aDirectoryWhereProcFilesShouldBeIsReported() throws Exception {
    directory("proc/meminfo");
    directory("proc/cpuinfo");
    directory("etc/hostname");
    assertThatThrownBy(() -> DeviceDocumentCodec.encode(new MemCollector().collect(sources()))).hasMessage("cannot read /proc/meminfo");
    assertThatThrownBy(() -> DeviceDocumentCodec.encode(new CpuCollector().collect(sources()))).hasMessage("cannot read /proc/cpuinfo");
    assertThat((Map<String, Object>) DeviceDocumentCodec.encode(new AgentInfoCollector().collect(sources()))).containsEntry("hostname", null);
  }

  @Test
  void dmiSkipsDirectoriesAndKeepsBytesThatAreNotUtf8() throws Exception {
    file("sys/class/dmi/id/sys_vendor", "Dell Inc.\n");
    directory("sys/class/dmi/id/power");
    Files.write(root.resolve("sys/class/dmi/id/product_name"), new byte[] {'R', (byte) 0xe9, 'f', '\n'});
    assertThat((Map<String, Object>) DeviceDocumentCodec.encode(new DmiCollector().collect(sources())))
        .containsOnlyKeys("sys_vendor", "product_name")
        .containsEntry("product_name", "R\uFFFDf");
  }

  @Test
  void anUnreadableDmiFileIsAnEmptyString() throws Exception {
    file("sys/class/dmi/id/product_serial", "8GJK3M3\n");
    Path serial = root.resolve("sys/class/dmi/id/product_serial");
    Files.setPosixFilePermissions(serial, PosixFilePermissions.fromString("---------"));
    assumeFalse(Files.isReadable(serial), "running with permission to read any file (root): nothing is unreadable");
    assertThat((Map<String, Object>) DeviceDocumentCodec.encode(new DmiCollector().collect(sources()))).containsEntry("product_serial", "");
  }

  @Test
  void aNicWhoseAttributesAreDirectoriesKeepsItsEntryWithEmptyFields() throws Exception {
    file("sys/class/net/eth7/address", "52:54:00:00:00:07\n");
    directory("sys/class/net/eth7/carrier");
    directory("sys/class/net/eth7/speed");
    file("sys/class/net/eth7/ifindex", "9\n");
    directory("sys/class/net/eth8/address"); // no readable MAC: not an interface the document lists
    List<Map<String, Object>> nics = (List<Map<String, Object>>) DeviceDocumentCodec.encode(new InterfacesCollector().collect(sources()));
    assertThat(nics).singleElement().satisfies(n -> assertThat(n)
        .containsEntry("devname", "eth7")
        .containsEntry("carrier", false)
        .containsEntry("speed", null)
        .containsEntry("address_info", List.of())
        .containsEntry("ipv4_gateways", null));
    assertThat((Map<String, Object>) nics.get(0).get("predictable_names")).containsEntry("biosdevname", null);
  }

  @Test
  void garbageCpufreqFallsBackToCpuMhzAndGarbageMemValuesStayText() throws Exception {
    file("proc/cpuinfo", "processor\t: 0\nphysical id\t: 0\nmodel name\t: Test CPU\ncpu MHz\t\t: 1800.5\nsiblings\t: x\n");
    file("sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq", "n/a\n");
    Map<String, Object> cpu = ((List<Map<String, Object>>) DeviceDocumentCodec.encode(new CpuCollector().collect(sources()))).get(0);
    assertThat(cpu).containsEntry("threads", null).containsEntry("cores", null).containsEntry("flags", List.of());
    assertThat((Map<String, Object>) cpu.get("frequency"))
        .containsEntry("cpufreq_enabled", false)
        .containsEntry("current", 1800.5);
    file("proc/meminfo", "MemTotal:  lots kB\nMemFree: 10 kB\n");
    assertThat((Map<String, Object>) DeviceDocumentCodec.encode(new MemCollector().collect(sources())))
        .containsEntry("MemTotal", "lots kB")
        .containsEntry("MemFree", 10_240L);
  }

  @Test
  void noSysClassNetIsReported() {
    assertThatThrownBy(() -> DeviceDocumentCodec.encode(new InterfacesCollector().collect(sources()))).hasMessage("no /sys/class/net");
  }
}
