package io.mercury.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.config.ConfigException;
import io.mercury.common.config.ConfigLoader;
import io.mercury.common.config.Option;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentMainTest {
  @TempDir Path dir;

  @Test
  void defaultsAsDocumented() {
    AgentConfig c = AgentConfig.from(ConfigLoader.load(AgentConfig.spec(),
        new String[] {"--agent-remote-backend-url", "tcp://b:9002"}, Map.of(), null, List.of(dir)));

    assertThat(c.bindAddress()).isEqualTo("tcp://*:9003");
    assertThat(c.pongBindAddress()).isEqualTo("tcp://*:9004");
    assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/mercury-agent"));
    assertThat(c.maxConcurrentTasks()).isEqualTo(16);
    assertThat(c.reregisterAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.inspectRoot()).isEqualTo(Path.of("/"));
    assertThat(c.allowPowerActions()).isFalse();
    assertThat(c.mceThreshold()).isEqualTo(20);
    assertThat(c.localIp()).isNull();
  }

  @Test
  void backendFromTheKernelCommandLineAndAddressFromTheEnvironment() throws Exception {
    Path cmdline = Files.writeString(dir.resolve("cmdline"), "quiet MERCURY_BACKEND=tcp://10.0.0.1:9002\n");

    AgentConfig c = AgentConfig.from(ConfigLoader.load(AgentConfig.spec(), new String[0],
        Map.of("MERCURY_AGENT_ADDRESS", "10.0.0.7"), cmdline, List.of(dir)));

    assertThat(c.backendUrl()).isEqualTo("tcp://10.0.0.1:9002");
    assertThat(c.localIp()).isEqualTo("10.0.0.7");
  }

  @Test
  void theEnrolmentTokenNeverReachesTheStartUpLog() throws Exception {
    Path cmdline = Files.writeString(dir.resolve("cmdline"), "MERCURY_BACKEND=tcp://10.0.0.1:9002 MERCURY_ENROL_TOKEN=s3cret-token\n");
    var cfg = ConfigLoader.load(AgentConfig.spec(), new String[0], Map.of(), cmdline, List.of(dir));
    assertThat(cfg.optionalString(EnrolmentConfig.TOKEN)).contains("s3cret-token");
    assertThat(cfg.describe()).contains(EnrolmentConfig.TOKEN + " = [REDACTED]").doesNotContain("s3cret-token");
  }

  @Test
  void theBackendIsRequired() {
    assertThatThrownBy(() -> ConfigLoader.load(AgentConfig.spec(), new String[0], Map.of(), null, List.of(dir)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("agent.remote.backend_url")
        .hasMessageContaining("MERCURY_BACKEND");
  }

  @Test
  void everyOptionIsInTheHelpTable() {
    String table = AgentConfig.spec().markdownTable();
    for (Option<?> o : AgentConfig.spec().options()) {
      assertThat(table).contains("`" + o.name() + "`");
    }
  }
}
