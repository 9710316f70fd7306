package io.mercury.cli.output;

import static io.mercury.cli.testing.RpcSamples.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.cli.testing.SampleDevices;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceViewTest {
  /** The sample HP as the inventory holds it after its agent registered and the inspector ran. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> registeredHp() {
    Map<String, Object> d = SampleDevices.hp();
    d.put("agent_info", Map.of("hostname", "dc1-node06"));
    Map<String, Object> active = new LinkedHashMap<>((Map<String, Object>) d.get("active"));
    active.put("active_since", T0);
    d.put("active", active);
    List<Map<String, Object>> nics = new java.util.ArrayList<>();
    for (Object n : (List<?>) d.get("interfaces")) {
      nics.add(new LinkedHashMap<>((Map<String, Object>) n));
    }
    nics.get(0).put("speed", "10000");
    nics.get(0).put("address_info", List.of(Map.of("addr", "10.0.0.11", "netmask", "255.255.255.0")));
    nics.get(1).put("speed", "1000");
    nics.get(2).put("speed", "-1");
    nics.get(3).put("carrier", false);
    d.put("interfaces", nics);
    d.put("os_storage", List.of(
        Map.of("devname", "sda", "media_type", "disk", "size", 1_199_638_052_864L, "model", "LOGICAL VOLUME"),
        Map.of("devname", "nvme0n1", "media_type", "ssd", "size", 1_600_321_314_816L)));
    d.put("bmc", Map.of("network", Map.of("ip_address", "10.1.0.11", "mac_address", "94:18:82:00:00:01", "source", "static")));
    d.put("boot", Map.of("state", "local"));
    d.put("time_created", T0 - 86_400);
    d.put("time_updated", 1.7966011912349126E9);
    return d;
  }

  @Test
  void summaryComesFirstWithWhatAnOperatorLooksFor() {
    assertThat(DeviceView.summary(registeredHp()))
        .isEqualTo(
            """
            mercury_id  0120a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3
            hostname    dc1-node06
            agent       active since 2026-12-01T09:30:00Z at 10.0.0.11:9003
            vendor      HP
            product     ProLiant DL360 Gen9
            serial      MXQ1234567
            cpu         2 x Intel(R) Xeon(R) CPU E5-2680 v3 @ 2.50GHz, 24 cores
            memory      128.0 GiB
            disks       sda      1.1 TiB  disk  LOGICAL VOLUME
                        nvme0n1  1.5 TiB  ssd   -
            interfaces  eno1    00:1b:21:aa:bb:01  10.0.0.11  10 Gb/s
                        eno2    00:1b:21:aa:bb:02  -          1 Gb/s
                        ens1f0  00:1b:21:aa:bb:03  -          -
                        ens1f1  00:1b:21:aa:bb:04  -          no link
            bmc         10.1.0.11 (94:18:82:00:00:01, static)
            boot        local
            created     2026-11-30T09:30:00Z
            updated     2026-12-06T23:53:11Z
            """);
  }

  @Test
  void theWholeDocumentFollowsWithoutTheIdTheSummaryStartsWith() {
    String view = DeviceView.render(registeredHp());

    assertThat(view).startsWith(DeviceView.summary(registeredHp()) + "-- document\n");
    String document = view.substring(view.indexOf("-- document\n"));
    assertThat(document)
        .doesNotContain("mercury_id")
        .contains("\ndmi:\n  sys_vendor: HP\n")
        .contains("\nmem:\n  MemTotal: 137438953472 (128.0 GiB)\n")
        .contains("\n  active_since: 2026-12-01T09:30:00Z\n")
        .contains("\ntime_updated: 2026-12-06T23:53:11Z\n")
        .doesNotContain("E9", "{", "\"");
  }

  @Test
  void anInactiveDeviceWithoutInspectorDataShowsDashes() {
    assertThat(DeviceView.summary(SampleDevices.vm()))
        .isEqualTo(
            """
            mercury_id  0000000000000000000000000000000000000000ab
            hostname    -
            agent       inactive
            vendor      -
            product     -
            serial      -
            cpu         -
            memory      2.0 GiB
            disks       -
            interfaces  -
            bmc         -
            boot        agent (boot.state unset)
            created     -
            updated     -
            """);
    assertThat(DeviceView.summary(SampleDevices.dell()))
        .contains("serial      7XK9Q2\n", "cpu         2 x Intel(R) Xeon(R) Gold 6130, 1 x Intel(R) Xeon(R) Gold 6140, 36 cores\n");
  }

  @Test
  void bootSaysWhatTheDeviceBootsNext() {
    Map<String, Object> d = SampleDevices.vm();

    d.put("boot", Map.of("state", "rescue", "script", "#!ipxe\necho hi\nexit\n"));
    assertThat(DeviceView.summary(d)).contains("boot        script (boot.script, 3 lines)\n");
    d.put("boot", Map.of("state", "rescue"));
    assertThat(DeviceView.summary(d)).contains("boot        rescue\n");
    d.put("boot", Map.of("state", "pxe"));
    assertThat(DeviceView.summary(d)).contains("boot        agent (unknown boot.state 'pxe')\n");
  }
}
