package io.mercury.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonJvmTest {
  @Test
  void eachDaemonGetsABoundedHeapAndTheSerialCollector() {
    assertThat(DaemonJvm.memoryFlags("backend", Map.of())).contains("-Xmx256m", "-XX:+UseSerialGC");
    assertThat(DaemonJvm.memoryFlags("store", Map.of())).contains("-Xmx1024m");
    assertThat(DaemonJvm.memoryFlags("something-new", Map.of())).contains("-Xmx256m");
  }

  @Test
  void theEnvironmentOverridesOneDaemonsHeapButNotWithGarbage() {
    assertThat(DaemonJvm.memoryFlags("backend", Map.of("MERCURY_BACKEND_XMX", "512m"))).contains("-Xmx512m");
    assertThat(DaemonJvm.memoryFlags("rpc", Map.of("MERCURY_BACKEND_XMX", "512m"))).contains("-Xmx160m");
    assertThat(DaemonJvm.memoryFlags("backend", Map.of("MERCURY_BACKEND_XMX", "lots -Xdebug"))).contains("-Xmx256m");
  }

  @Test
  void daemonsKeepFewMallocArenas() {
    assertThat(DaemonJvm.environment()).containsEntry("MALLOC_ARENA_MAX", "2");
  }
}
