package io.mercury.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
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
