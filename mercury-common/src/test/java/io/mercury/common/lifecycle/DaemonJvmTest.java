package io.mercury.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonJvmTest {
  @Test
  void eachDaemonGetsABoundedHeapAndTheSerialCollector() {
    assertThat(DaemonJvm.flags("backend", Map.of())).contains("-Xmx384m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");
    assertThat(DaemonJvm.flags("rpc", Map.of())).contains("-Xmx128m", "-XX:MaxDirectMemorySize=32m");
    assertThat(DaemonJvm.flags("store", Map.of())).noneMatch(f -> f.startsWith("-XX:MaxDirectMemorySize"));
    assertThat(DaemonJvm.flags("store", Map.of())).contains("-Xmx1024m");
    assertThat(DaemonJvm.flags("something-new", Map.of())).contains("-Xmx256m");
  }

  @Test
  void theBackendsDirectMemoryHoldsTenThousandAgentConnections() {
    // JeroMQ: 8 KB to read and 8 KB to write per open connection, one per Mercury agent
    long perConnection = 16 * 1024;
    assertThat(DaemonJvm.flags("backend", Map.of()))
        .filteredOn(f -> f.startsWith("-XX:MaxDirectMemorySize="))
        .singleElement()
        .satisfies(f -> assertThat(megabytes(f) * 1024 * 1024).isGreaterThanOrEqualTo(10_000 * perConnection * 3 / 2));
  }

  private static long megabytes(String flag) {
    return Long.parseLong(flag.substring(flag.indexOf('=') + 1, flag.length() - 1));
  }

  @Test
  void theEnvironmentOverridesOneDaemonsHeapButNotWithGarbage() {
    assertThat(DaemonJvm.flags("backend", Map.of("MERCURY_BACKEND_XMX", "512m"))).contains("-Xmx512m");
    assertThat(DaemonJvm.flags("rpc", Map.of("MERCURY_BACKEND_XMX", "512m"))).contains("-Xmx128m");
    assertThat(DaemonJvm.flags("backend", Map.of("MERCURY_BACKEND_XMX", "lots -Xdebug"))).contains("-Xmx384m");
  }

  @Test
  void operatorOptionsComeAfterMercurysAndOnlyForTheirDaemon() {
    Map<String, String> env = Map.of("MERCURY_BACKEND_JAVA_OPTS", "  -XX:NativeMemoryTracking=summary   -Xlog:gc ");
    assertThat(DaemonJvm.flags("backend", env))
        .containsSubsequence("-Xmx384m", "-XX:NativeMemoryTracking=summary", "-Xlog:gc");
    assertThat(DaemonJvm.flags("rpc", env)).doesNotContain("-XX:NativeMemoryTracking=summary");
  }

  @Test
  void daemonsKeepFewMallocArenas() {
    assertThat(DaemonJvm.environment()).containsEntry("MALLOC_ARENA_MAX", "2");
  }
}
