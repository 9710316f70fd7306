package io.mercury.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.cli.testing.SampleDevices;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceTableTest {
  @Test
  void standardTableSummarisesEachDevice() {
    String table = DeviceTable.standard().render(SampleDevices.all());

    assertThat(table)
        .isEqualTo(
            """
            MERCURY_ID                                  HOSTNAME  VENDOR     PRODUCT              SERIAL      CPU                                                                MEMORY  NICS  ACTIVE
            0120a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3  -         HP         ProLiant DL360 Gen9  MXQ1234567  2 x Intel(R) Xeon(R) CPU E5-2680 v3 @ 2.50GHz                   128.0 GiB     4  yes
            0130f0e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c  -         Dell Inc.  PowerEdge R640       7XK9Q2      2 x Intel(R) Xeon(R) Gold 6130, 1 x Intel(R) Xeon(R) Gold 6140   64.0 GiB     2  no
            0000000000000000000000000000000000000000ab  -         -          -                    -           -                                                                 2.0 GiB     -  no
            """);
  }

  @Test
  void theHostNameIsTheOneTheAgentReports() {
    java.util.Map<String, Object> named = new java.util.LinkedHashMap<>(SampleDevices.hp());
    named.put("agent_info", java.util.Map.of("hostname", "web-01.r12"));

    assertThat(DeviceTable.standard().render(List.of(named)).lines().toList().get(1))
        .startsWith(SampleDevices.HP_ID + "  web-01.r12  HP ");
  }

  @Test
  void standardTableAsksOnlyForTheFieldsItShows() {
    assertThat(DeviceTable.standard().fields())
        .containsExactly(
            "mercury_id",
            "agent_info.hostname",
            "dmi.sys_vendor",
            "dmi.product_name",
            "dmi.product_serial",
            "dmi.chassis_serial",
            "cpu.model_name",
            "mem.MemTotal",
            "interfaces.devname",
            "active.rpc_address");
  }

  @Test
  void emptyResultIsTheHeaderAlone() {
    assertThat(DeviceTable.projected(List.of("dmi.sys_vendor")).render(List.of()))
        .isEqualTo("MERCURY_ID  dmi.sys_vendor\n");
  }

  @Test
  void projectedTableShowsTheIdAndEachDottedField() {
    DeviceTable table =
        DeviceTable.projected(
            List.of("dmi.sys_vendor", "interfaces.devname", "bmc.network", "mercury_id", "cpu.0.cores"));

    assertThat(table.fields())
        .containsExactly(
            "mercury_id", "dmi.sys_vendor", "interfaces.devname", "bmc.network", "cpu.0.cores");
    assertThat(table.render(SampleDevices.all()))
        .isEqualTo(
            """
            MERCURY_ID                                  dmi.sys_vendor  interfaces.devname       bmc.network                                   cpu.0.cores
            0120a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3  HP              eno1,eno2,ens1f0,ens1f1  {"ip_address":"10.1.0.11","source":"static"}  12
            0130f0e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c  Dell Inc.       eno1,eno2                -                                             12
            0000000000000000000000000000000000000000ab  -               -                        -                                             -
            """);
  }
}
