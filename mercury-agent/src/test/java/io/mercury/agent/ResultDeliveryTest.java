package io.mercury.agent;

import static io.mercury.agent.AgentFixture.newTaskId;
import static io.mercury.agent.AgentFixture.rpc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mercury.agent.testing.OriginalBackend;
import io.mercury.agent.testing.OriginalBackend.Mode;
import io.mercury.agent.testing.TestingAgent;
import io.mercury.common.transport.ServiceClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultDeliveryTest {
  @TempDir Path state;

  private static long spooled(Path stateDir, String suffix) throws Exception {
    try (Stream<Path> files = Files.list(stateDir.resolve("results"))) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
    }
  }

  @Test
  void aResultIsSpooledWhileTheBackendIsSilentAndDeliveredWhenItAnswers() throws Exception {
    try (AgentFixture f = new AgentFixture(c -> c.withStateDir(state).withBackendTimeout(Duration.ofMillis(500)))) {
      f.backend.mode("complete_task", Mode.SILENT);
      String id = newTaskId();
      f.status(rpc(id, "echo", List.of("kept"), Map.of()));
      await().atMost(Duration.ofSeconds(30)).until(() -> f.backend.reports("complete_task", id).size() >= 2);
      assertThat(spooled(state, ".result")).isEqualTo(1);

      f.backend.mode("complete_task", Mode.ACCEPT);

      await().atMost(Duration.ofSeconds(60)).until(() -> spooled(state, ".result") == 0);
      assertThat(f.backend.reports("complete_task", id)).allSatisfy(c -> assertThat(c).containsEntry("message", "kept"));
    }
  }

  @Test
  void serverBusyIsRetried() throws Exception {
    try (AgentFixture f = new AgentFixture(c -> c.withStateDir(state))) {
      f.backend.mode("complete_task", Mode.BUSY);
      String id = newTaskId();
      f.status(rpc(id, "echo", List.of("x"), Map.of()));
      await().atMost(Duration.ofSeconds(30)).until(() -> f.backend.reports("complete_task", id).size() >= 2);
      assertThat(spooled(state, ".result")).isEqualTo(1);

      f.backend.mode("complete_task", Mode.ACCEPT);

      await().atMost(Duration.ofSeconds(60)).until(() -> spooled(state, ".result") == 0);
    }
  }

  @Test
  void aRefusedResultIsKeptAsideNotRetried() throws Exception {
    try (AgentFixture f = new AgentFixture(c -> c.withStateDir(state))) {
      f.backend.mode("complete_task", Mode.REJECT);
      String id = newTaskId();
      f.status(rpc(id, "echo", List.of("x"), Map.of()));

      await().atMost(Duration.ofSeconds(30)).until(() -> spooled(state, ".rejected") == 1);
      assertThat(spooled(state, ".result")).isZero();
      assertThat(f.backend.reports("complete_task", id)).hasSize(1);
    }
  }

  @Test
  void aNewAgentOnTheSameStateDirResendsAndRemembersFinishedTasks() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      OriginalBackend backend = f.backend;
      backend.mode("complete_task", Mode.SILENT);
      String id = newTaskId();
      Map<String, Object> task = rpc(id, "echo", List.of("survives"), Map.of());
      try (TestingAgent first = TestingAgent.start(backend.endpoint(),
              c -> c.withStateDir(state).withBackendTimeout(Duration.ofMillis(500)));
          ServiceClient rpc = f.client(first.rpcEndpoint())) {
        rpc.exchange(task, false);
        await().atMost(Duration.ofSeconds(30)).until(() -> !backend.reports("complete_task", id).isEmpty());
      }
      assertThat(spooled(state, ".result")).isEqualTo(1);
      backend.mode("complete_task", Mode.ACCEPT);
      int before = backend.reports("complete_task", id).size();

      try (TestingAgent second = TestingAgent.start(backend.endpoint(), c -> c.withStateDir(state));
          ServiceClient rpc = f.client(second.rpcEndpoint())) {
        await().atMost(Duration.ofSeconds(30)).until(() -> spooled(state, ".result") == 0);
        assertThat(backend.reports("complete_task", id)).hasSizeGreaterThan(before)
            .allSatisfy(c -> assertThat(c).containsEntry("status", "SUCCESS").containsEntry("message", "survives"));

        @SuppressWarnings("unchecked")
        Map<String, Object> again = (Map<String, Object>) ((Map<String, Object>) rpc.exchange(task, false)).get("message");
        assertThat(RpcProtocolTest.map(again.get("data"))).containsEntry("duplicate", true);
      }
      // run once: at most the first agent's STARTED (a result within its wait stands for it)
      assertThat(backend.reports("update_task", id)).hasSizeLessThanOrEqualTo(1);
    }
  }

  @Test
  void aDuplicateOfAStillSpooledTaskTriggersAResend() throws Exception {
    try (AgentFixture f = new AgentFixture(c -> c.withStateDir(state).withBackendTimeout(Duration.ofMillis(500)))) {
      f.backend.mode("complete_task", Mode.SILENT);
      String id = newTaskId();
      Map<String, Object> task = rpc(id, "echo", List.of("x"), Map.of());
      f.status(task);
      await().atMost(Duration.ofSeconds(30)).until(() -> !f.backend.reports("complete_task", id).isEmpty());
      f.backend.mode("complete_task", Mode.ACCEPT);

      Map<String, Object> dup = f.status(task);

      assertThat(RpcProtocolTest.map(dup.get("data"))).containsEntry("duplicate", true);
      await().atMost(Duration.ofSeconds(30)).until(() -> spooled(state, ".result") == 0);
    }
  }
}
