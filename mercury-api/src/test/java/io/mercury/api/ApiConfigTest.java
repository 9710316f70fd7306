package io.mercury.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.config.ConfigLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API's options read into its record, and the settings refused before it starts. */
class ApiConfigTest {
  private static ApiConfig load(String... args) {
    return ApiConfig.from(ConfigLoader.load(ApiConfig.spec(), args, Map.of(), null, List.of()));
  }

  @Test
  void theDefaultsAndTheFlagsFillTheRecord() {
    ApiConfig config = load("--api-host", "127.0.0.1", "--api-timeout", "2.5", "--api-rpc-router", "tcp://rpc:9001");
    assertThat(config.service().host()).isEqualTo("127.0.0.1");
    assertThat(config.service().port()).isEqualTo(9005);
    assertThat(config.service().defaultLimit()).isEqualTo(250L);
    assertThat(config.timeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(config.inventoryRouter()).isEqualTo("tcp://127.0.0.1:9000");
    assertThat(config.rpcRouter()).isEqualTo("tcp://rpc:9001");
    assertThat(config.auditStore().database()).isEqualTo("mercury_security");
  }

  @Test
  void withoutTokensANonLoopbackHostIsAConfigurationError() {
    assertThatThrownBy(() -> load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("api.host is 0.0.0.0, not loopback");
  }
}
