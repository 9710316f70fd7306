package io.mercury.agent;

import static io.mercury.agent.RpcProtocolTest.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mercury.agent.testing.OriginalBackend.Mode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrationTest {
  @Test
  void registersWithDeviceInfoAndAgentInfoAdvertisingTheBoundPorts() throws Exception {
    try (AgentFixture f = new AgentFixture()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> !f.backend.calls("register").isEmpty());
      List<Object> args = f.backend.calls("register").get(0);

      assertThat(args).hasSize(2);
      assertThat(map(args.get(0))).containsEntry("mercury_id", f.agent.mercuryId()).containsKeys("dmi", "mem");
      Map<String, Object> info = map(args.get(1));
      assertThat(info).containsOnlyKeys("rpc_address", "rpc_address6", "rpc_port", "ping_port", "localtime", "instance", "capabilities", "channel")
          .containsEntry("channel", 1L) // offers the agent channel
          .containsEntry("rpc_address", "127.0.0.1")
          .containsEntry("rpc_address6", null)
          .containsEntry("rpc_port", (long) AgentServiceTestSupport.port(f.agent.rpcEndpoint()))
          .containsEntry("ping_port", (long) AgentServiceTestSupport.port(f.agent.pongEndpoint()));
      Map<String, Object> caps = map(info.get("capabilities"));
      assertThat(caps).containsKeys("echo", "run", "run_async", "inspector", "check_hardware")
          .doesNotContainKeys("reboot", "kexec", "reload", "test_unavailable");
      assertThat(map(caps.get("echo")))
          .containsOnlyKeys("name", "entry", "description", "doc", "serial", "num_args", "kwarg_names", "no_return",
              "timeout", "task_id_kwargs", "arguments")
          .containsEntry("name", "echo").containsEntry("num_args", 1L).containsEntry("serial", false)
          .containsEntry("timeout", 1800.0);
      assertThat(map(caps.get("test_serial_sleep"))).containsEntry("serial", true)
          .containsEntry("kwarg_names", List.of("seconds"));
    }
  }

  @Test
  void aRejectedRegistrationIsRetried() throws Exception {
    // refusing from the start: set after the agent started, its first registration could get in first
    try (AgentFixture f = new AgentFixture(c -> c.withReregisterAfter(Duration.ofHours(1)), b -> b.mode("register", Mode.REJECT))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> f.backend.calls("register").size() >= 2);
      assertThat(f.agent.service().registrations()).isZero();
      f.backend.mode("register", Mode.ACCEPT);

      await().atMost(Duration.ofSeconds(60)).until(() -> f.agent.service().registrations() >= 1);
    }
  }

  @Test
  void registersAgainWhenNoPingArrives() throws Exception {
    try (AgentFixture f = new AgentFixture(c -> c.withReregisterAfter(Duration.ofSeconds(1)))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> f.agent.service().registrations() >= 2);

      assertThat(f.backend.calls("register")).hasSizeGreaterThanOrEqualTo(2);
    }
  }
}
