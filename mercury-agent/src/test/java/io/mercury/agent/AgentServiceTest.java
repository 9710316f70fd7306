package io.mercury.agent;

import static io.mercury.agent.RpcProtocolTest.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mercury.agent.testing.OriginalBackend;
import io.mercury.agent.testing.TestingAgent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

class AgentServiceTest {
  @TempDir Path state;
  @TempDir Path empty;

  @Test
  void aCapturedTreeMakesTheAgentReportThatMachineWithoutRunningTools() throws Exception {
    Path dell = Path.of(System.getProperty("mercury.test.root", "..")).resolve("mercury-inspector/src/test/resources/fixtures/dell-r640");
    try (ZContext context = new ZContext()) {
      OriginalBackend backend = OriginalBackend.start(context);
      try (TestingAgent agent = TestingAgent.start(AgentConfig.forTesting(backend.endpoint(), state, dell))) {
        String expected = "01" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
            .digest("4c4c4544-0047-4a10-804b-b8c04f334d33".getBytes(StandardCharsets.UTF_8)));
        assertThat(agent.mercuryId()).isEqualTo(expected);
        await().atMost(Duration.ofSeconds(30)).until(() -> !backend.calls("register").isEmpty());
        var device = map(backend.calls("register").get(0).get(0));
        assertThat(device).containsEntry("mercury_id", expected).containsEntry("pci", null);
        assertThat(map(device.get("dmi"))).containsEntry("product_uuid", "4c4c4544-0047-4a10-804b-b8c04f334d33");
      } finally {
        backend.close();
      }
    }
  }

  @Test
  void aMachineThatCannotBeIdentifiedFailsToStartClearly() {
    try (ZContext context = new ZContext()) {
      assertThatThrownBy(() -> AgentService.start(context, AgentConfig.forTesting("tcp://127.0.0.1:1", state, empty)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot identify the machine at " + empty);
    }
  }

  @Test
  void aTakenRpcPortFailsToStartAndReleasesWhatStarted() throws Exception {
    try (ZContext context = new ZContext()) {
      OriginalBackend backend = OriginalBackend.start(context);
      try (TestingAgent first = TestingAgent.start(backend.endpoint())) {
        String taken = first.rpcEndpoint();
        assertThatThrownBy(() -> TestingAgent.start(backend.endpoint(), c -> new AgentConfig(taken, c.pongBindAddress(),
                c.backendUrl(), null, "127.0.0.1", c.stateDir(), 16, c.reregisterAfter(), c.inspectRoot(), false, 20,
                c.backendTimeout(), null)))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot bind mercury-agent to " + taken);
      } finally {
        backend.close();
      }
    }
  }
}
