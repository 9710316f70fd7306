package io.mercury.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentAddressTest {
  private static final String HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT";

  @Test
  void theConfiguredAddressWins() {
    assertThat(AgentAddress.resolve(" 10.1.2.3 ", Path.of("/nonexistent"))).isEqualTo("10.1.2.3");
  }

  @Test
  void theDefaultRouteWithTheLowestMetricIsChosen() {
    List<String> routes = List.of(
        HEADER,
        "eth1\t00000000\t0101A8C0\t0003\t0\t0\t200\t00000000\t0\t0\t0",
        "eth0\t00000000\t0100000A\t0003\t0\t0\t100\t00000000\t0\t0\t0",
        "eth2\t0000000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0");

    assertThat(AgentAddress.defaultRouteInterface(routes)).contains("eth0");
    assertThat(AgentAddress.defaultRouteInterface(List.of(HEADER))).isEmpty();
  }

  @Test
  void withoutADefaultRouteTheErrorNamesTheVariable(@TempDir Path dir) throws Exception {
    Path route = Files.writeString(dir.resolve("route"), HEADER + "\n");

    assertThatThrownBy(() -> AgentAddress.resolve(null, route))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("MERCURY_AGENT_ADDRESS");
    Path viaMissingNic = Files.writeString(dir.resolve("route2"),
        HEADER + "\nnosuchnic0\t00000000\t0100000A\t0003\t0\t0\t0\t00000000\t0\t0\t0\n");
    assertThatThrownBy(() -> AgentAddress.resolve("", viaMissingNic))
        .hasMessageContaining("nosuchnic0 has no IPv4 address").hasMessageContaining("MERCURY_AGENT_ADDRESS");
  }
}
