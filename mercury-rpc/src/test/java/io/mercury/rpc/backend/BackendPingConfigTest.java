package io.mercury.rpc.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.config.ConfigException;
import io.mercury.common.config.ConfigLoader;
import io.mercury.common.config.Configuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The heartbeat interval follows the ping interval unless it is set. */
class BackendPingConfigTest {
  private static Configuration load(String... args) {
    return ConfigLoader.load(BackendConfig.spec(), args, Map.of(), Path.of("/nonexistent"), List.of());
  }

  @Test
  void byDefaultAgentsHeartbeatEveryTwoThirdsOfThePingInterval() {
    assertThat(BackendConfig.from(load()).ping().heartbeat()).isEqualTo(Duration.ofSeconds(20));
    // a shorter ping interval alone is valid: the heartbeat follows it
    assertThat(BackendConfig.from(load("--backend-ping-interval", "1")).ping().heartbeat()).isEqualTo(Duration.ofMillis(666));
  }

  @Test
  void aHeartbeatThatIsSetIsUsedOrRefusedWithTheOptionsName() {
    assertThat(BackendConfig.from(load("--backend-ping-heartbeat", "5")).ping().heartbeat()).isEqualTo(Duration.ofSeconds(5));
    assertThat(BackendConfig.from(load("--backend-ping-heartbeat", "0")).ping().heartbeats()).isFalse();
    assertThatThrownBy(() -> BackendConfig.from(load("--backend-ping-interval", "10", "--backend-ping-heartbeat", "10")).ping())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("backend.ping.heartbeat: heartbeat must be shorter than the ping interval (10.0 s)");
  }
}
