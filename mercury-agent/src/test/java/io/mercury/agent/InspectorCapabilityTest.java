package io.mercury.agent;

import static io.mercury.agent.AgentFixture.newTaskId;
import static io.mercury.agent.AgentFixture.rpc;
import static io.mercury.agent.RpcProtocolTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercury.agent.testing.FixtureHost;
import io.mercury.agent.testing.OriginalBackend.Mode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InspectorCapabilityTest {
  @Test
  void pushesOnlyTheChangedKeysThroughUpdateAndReturnsTheDocument() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      FixtureHost.file(f.agent.root(), "proc/meminfo", "MemTotal:       32768 kB\nMemFree:         8192 kB");
      String id = newTaskId();
      f.status(rpc(id, "inspector", List.of(), Map.of()));

      Map<String, Object> done = f.backend.awaitCompletion(id);

      assertThat(done).containsEntry("status", "SUCCESS");
      assertThat(map(done.get("message"))).containsEntry("mercury_id", f.agent.mercuryId());
      List<List<Object>> updates = f.backend.calls("update");
      assertThat(updates).hasSize(1);
      assertThat(updates.get(0).get(0)).isEqualTo(f.agent.mercuryId());
      assertThat(map(updates.get(0).get(1))).containsOnlyKeys("mem");
      assertThat(map(map(updates.get(0).get(1)).get("mem"))).containsEntry("MemTotal", 32768L * 1024);
    }
  }

  @Test
  void nothingChangedMeansNoUpdate() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      String id = newTaskId();
      f.status(rpc(id, "inspector", List.of(), Map.of()));

      assertThat(f.backend.awaitCompletion(id)).containsEntry("status", "SUCCESS");
      assertThat(f.backend.calls("update")).isEmpty();
    }
  }

  @Test
  void aRefusedUpdateFailsTheTask() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      f.backend.mode("update", Mode.REJECT);
      FixtureHost.file(f.agent.root(), "etc/hostname", "renamed");
      String id = newTaskId();
      f.status(rpc(id, "inspector", List.of(), Map.of()));

      Map<String, Object> done = f.backend.awaitCompletion(id);

      assertThat(done).containsEntry("status", "ERROR");
      assertThat((String) map(done.get("traceback")).get("exc_value")).contains("the backend refused the inventory update");
    }
  }

  @Test
  void checkHardwareRunsAgainstTheInspectedTree() throws Exception {
    try (AgentFixture f = new AgentFixture(c -> c.withMceThreshold(5))) {
      FixtureHost.file(f.agent.root(), "sys/devices/system/edac/mc/mc0/ce_count", "7");
      String id = newTaskId();
      f.status(rpc(id, "check_hardware", List.of(), Map.of()));

      Map<String, Object> result = map(f.backend.awaitCompletion(id).get("message"));

      assertThat(result).containsEntry("error_count", 1L);
    }
  }
}
