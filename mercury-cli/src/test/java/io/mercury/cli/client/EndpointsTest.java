package io.mercury.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointsTest {
  @Test
  void defaultsToTheLocalStack() {
    assertThat(Endpoints.resolve(null, Map.of()).inventory()).isEqualTo("tcp://127.0.0.1:9000");
  }

  @Test
  void environmentOverridesTheDefault() {
    assertThat(Endpoints.resolve(null, Map.of(Endpoints.INVENTORY_ENV, " tcp://inv.dc1:9000 ")).inventory())
        .isEqualTo("tcp://inv.dc1:9000");
    assertThat(Endpoints.resolve(null, Map.of(Endpoints.INVENTORY_ENV, "")).inventory())
        .isEqualTo("tcp://127.0.0.1:9000");
  }

  @Test
  void optionOverridesTheEnvironment() {
    assertThat(
            Endpoints.resolve("tcp://[::1]:9100", Map.of(Endpoints.INVENTORY_ENV, "tcp://x:1"))
                .inventory())
        .isEqualTo("tcp://[::1]:9100");
  }

  @Test
  void theCliConfigurationFileIsUsedWhenNeitherOptionNorEnvironmentSaySo(@TempDir Path dir)
      throws IOException {
    Files.writeString(dir.resolve("mercury-cli.yaml"), "cli:\n  inventory_router: tcp://inv.dc2:9000\n");
    Map<String, String> env = Map.of("MERCURY_SEARCH_DIRS", dir.toString());
    assertThat(Endpoints.resolve(null, env).inventory()).isEqualTo("tcp://inv.dc2:9000");
    Map<String, String> withEnv = Map.of("MERCURY_SEARCH_DIRS", dir.toString(), Endpoints.INVENTORY_ENV, "tcp://e:1");
    assertThat(Endpoints.resolve(null, withEnv).inventory()).isEqualTo("tcp://e:1");

    Files.writeString(dir.resolve("mercury-cli.yaml"), "cli:\n  inventory_router: inv.dc2\n");
    assertThatThrownBy(() -> Endpoints.resolve(null, env))
        .hasMessageStartingWith("invalid cli.inventory_router in " + dir.resolve("mercury-cli.yaml"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost:9000", "tcp://host", "tcp://host:0", "tcp://host:70000", "http://h:1", "tcp://:9000"})
  void rejectsWhatIsNotAZeroMqAddress(String address) {
    assertThatThrownBy(() -> Endpoints.resolve(address, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid --inventory address '" + address + "': expected tcp://HOST:PORT");
  }

  @Test
  void badEnvironmentValueNamesTheVariable() {
    assertThatThrownBy(() -> Endpoints.resolve(null, Map.of(Endpoints.INVENTORY_ENV, "nope")))
        .hasMessage("invalid MERCURY_INVENTORY_ROUTER address 'nope': expected tcp://HOST:PORT");
  }

  @Test
  void acceptsIpcAndInproc() {
    assertThat(Endpoints.resolve("ipc:///run/mercury/inventory", Map.of()).inventory())
        .isEqualTo("ipc:///run/mercury/inventory");
    assertThat(Endpoints.resolve("inproc://inventory", Map.of()).inventory()).isEqualTo("inproc://inventory");
  }
}
