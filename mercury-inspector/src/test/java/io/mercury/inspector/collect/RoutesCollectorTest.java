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
class RoutesCollectorTest {
  private static List<Map<String, Object>> routes(Sources sources) throws Exception {
    return (List<Map<String, Object>>) new RoutesCollector().collect(sources);
  }

  private static Sources printing(String stdout) {
    return new Sources(
        new SystemRoot(Path.of("/nonexistent")),
        (command, timeout) -> new CommandResult(CommandResult.Outcome.OK, 0, stdout, ""),
        Duration.ofSeconds(1));
  }

  @Test
  void eachRouteIsItsDestinationWithKeyValuePairsAndFlags() throws Exception {
    List<Map<String, Object>> routes = routes(Fixtures.sources("dell-r640"));
    assertThat(routes).hasSize(6);
    assertThat(routes.get(0))
        .containsExactly(
            Map.entry("destination", "default"),
            Map.entry("via", "10.20.7.1"),
            Map.entry("dev", "eno1"),
            Map.entry("proto", "dhcp"),
            Map.entry("src", "10.20.7.22"),
            Map.entry("metric", "100"));
    assertThat(routes.get(1)).containsEntry("destination", "10.20.7.0/24").containsEntry("scope", "link");
    assertThat(routes.get(2)).containsEntry("via", "10.20.7.254").containsEntry("onlink", true);
    assertThat(routes.get(3)).containsEntry("dev", "eno2").containsEntry("metric", "1000").containsEntry("linkdown", true);
  }

  @Test
  void aRouteTypeIsNotTakenForTheDestinationAndNexthopsAreKept() throws Exception {
    List<Map<String, Object>> routes = routes(Fixtures.sources("dell-r640"));
    assertThat(routes.get(4))
        .containsExactly(Map.entry("destination", "10.99.0.0/16"), Map.entry("type", "blackhole"), Map.entry("proto", "static"));
    assertThat(routes.get(5)).containsEntry("destination", "10.50.0.0/16").containsEntry("metric", "50");
    assertThat((List<Object>) routes.get(5).get("nexthops"))
        .containsExactly(
            Map.of("via", "10.20.7.2", "dev", "eno1", "weight", "1"),
            Map.of("via", "10.20.7.3", "dev", "eno1", "weight", "2", "dead", true));
  }

  @Test
  void ipv6DestinationsAndAnEmptyTableParse() throws Exception {
    assertThat(routes(printing("fe80::/64 dev eth0 proto kernel metric 256 pref medium\n")))
        .containsExactly(Map.of("destination", "fe80::/64", "dev", "eth0", "proto", "kernel", "metric", "256", "pref", "medium"));
    assertThat(routes(printing(""))).isEmpty();
  }

  @Test
  void garbageLinesAreSkippedAndOnlyGarbageFails() throws Exception {
    assertThatThrownBy(() -> routes(Fixtures.sources("broken"))).hasMessage("ip route show printed no route that parses");
    assertThat(routes(printing("Warning: something odd\n10.0.0.0/8 dev eth1\n")))
        .containsExactly(Map.of("destination", "10.0.0.0/8", "dev", "eth1"));
    // a nexthop line with no route before it is garbage too
    assertThat(routes(printing("\tnexthop via 10.0.0.1 dev eth0\n10.1.0.0/16 dev eth0\n"))).hasSize(1);
  }

  @Test
  void aMissingOrFailingToolIsReported() {
    assertThatThrownBy(() -> routes(Fixtures.sources("no-such-machine"))).hasMessage("ip route show: ip is not installed");
    Sources failing =
        new Sources(
            new SystemRoot(Path.of("/nonexistent")),
            (command, timeout) -> new CommandResult(CommandResult.Outcome.TIMED_OUT, -1, "", "ip did not finish within 1 s"),
            Duration.ofSeconds(1));
    assertThatThrownBy(() -> routes(failing)).hasMessage("ip route show: ip did not finish within 1 s");
  }
}
