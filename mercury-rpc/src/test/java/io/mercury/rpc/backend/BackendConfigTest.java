package io.mercury.rpc.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The backend's options read into its record, and the settings refused before it starts. */
class BackendConfigTest {
  private static BackendConfig load(String... args) {
    return BackendConfig.from(ConfigLoader.load(BackendConfig.spec(), args, Map.of(), Path.of("/nonexistent"), List.of()));
  }

  @Test
  void theOriginPortIsTheBoundPortUnlessTheOptionSetsIt() {
    assertThat(load("--backend-agent-service-bind-address", "tcp://10.0.0.5:9002").origin().port()).isEqualTo(9002L);
    assertThat(load("--backend-agent-service-bind-address", "tcp://10.0.0.5:0", "--backend-origin-port", "7000").origin().port())
        .isEqualTo(7000L);
    assertThat(load("--backend-agent-service-bind-address", "tcp://10.0.0.5:9002").origin().address()).isEqualTo("10.0.0.5");
  }

  @Test
  void anEphemeralBindPortWithoutAnOriginPortIsRefused() {
    assertThatThrownBy(() -> load("--backend-agent-service-bind-address", "tcp://127.0.0.1:0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backend.origin.port must be set when the bind port is not fixed (tcp://127.0.0.1:0)");
  }

  @Test
  void negativeIoThreadsAreRefused() {
    assertThatThrownBy(() -> load("--backend-io-threads", "-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backend.io_threads must be 0 (one per core) or more, not -1");
  }
}
