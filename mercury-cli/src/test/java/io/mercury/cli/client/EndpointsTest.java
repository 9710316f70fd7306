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
    assertThat(Endpoints.resolve(null, null, Map.of()).inventory()).isEqualTo("tcp://127.0.0.1:9000");
  }

  @Test
  void withNothingConfiguredTheAddressesTheLocalStackWroteWin(@TempDir Path home) throws IOException {
    Files.createDirectories(home.resolve("run"));
    Files.writeString(home.resolve("run/inventory.address"), "tcp://127.0.0.1:19000\n");
    Files.writeString(home.resolve("run/rpc.address"), "tcp://127.0.0.1:19001");
    Map<String, String> env = Map.of("MERCURY_HOME", home.toString());
    Endpoints found = Endpoints.resolve(null, null, env);
    assertThat(found.inventory()).isEqualTo("tcp://127.0.0.1:19000");
    assertThat(found.rpc()).isEqualTo("tcp://127.0.0.1:19001");
    assertThat(found.log()).isEqualTo("tcp://127.0.0.1:9006");
    // anything configured still wins over them
    assertThat(Endpoints.resolve("tcp://x:1", null, env).inventory()).isEqualTo("tcp://x:1");
    Files.writeString(home.resolve("run/log.address"), "nonsense");
    assertThatThrownBy(() -> Endpoints.resolve(null, null, env)).hasMessageContaining("local stack (");
  }

  @Test
  void theBackendOfTheLocalStackIsFoundTooForMcliKeys(@TempDir Path home) throws IOException {
    Map<String, String> env = Map.of("MERCURY_HOME", home.toString());
    assertThat(Endpoints.localStack("backend", env)).isEmpty();
    Files.createDirectories(home.resolve("run"));
    Files.writeString(home.resolve("run/backend.address"), "tcp://127.0.0.1:19002\n");
    assertThat(Endpoints.localStack("backend", env)).contains("tcp://127.0.0.1:19002");
    Files.writeString(home.resolve("run/backend.address"), "not an address");
    assertThat(Endpoints.localStack("backend", env)).isEmpty();
  }

  @Test
  void environmentOverridesTheDefault() {
    assertThat(Endpoints.resolve(null, null, Map.of(Endpoints.INVENTORY_ENV, " tcp://inv.dc1:9000 ")).inventory())
        .isEqualTo("tcp://inv.dc1:9000");
    assertThat(Endpoints.resolve(null, null, Map.of(Endpoints.INVENTORY_ENV, "")).inventory())
        .isEqualTo("tcp://127.0.0.1:9000");
  }

  @Test
  void optionOverridesTheEnvironment() {
    assertThat(
            Endpoints.resolve("tcp://[::1]:9100", null, Map.of(Endpoints.INVENTORY_ENV, "tcp://x:1"))
                .inventory())
        .isEqualTo("tcp://[::1]:9100");
  }

  @Test
  void theCliConfigurationFileIsUsedWhenNeitherOptionNorEnvironmentSaySo(@TempDir Path dir)
      throws IOException {
    Files.writeString(dir.resolve("mercury-cli.yaml"), "cli:\n  inventory_router: tcp://inv.dc2:9000\n");
    Map<String, String> env = Map.of("MERCURY_SEARCH_DIRS", dir.toString());
    assertThat(Endpoints.resolve(null, null, env).inventory()).isEqualTo("tcp://inv.dc2:9000");
    Map<String, String> withEnv = Map.of("MERCURY_SEARCH_DIRS", dir.toString(), Endpoints.INVENTORY_ENV, "tcp://e:1");
    assertThat(Endpoints.resolve(null, null, withEnv).inventory()).isEqualTo("tcp://e:1");

    Files.writeString(dir.resolve("mercury-cli.yaml"), "cli:\n  inventory_router: inv.dc2\n");
    assertThatThrownBy(() -> Endpoints.resolve(null, null, env))
        .hasMessageStartingWith("invalid cli.inventory_router in " + dir.resolve("mercury-cli.yaml"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost:9000", "tcp://host", "tcp://host:0", "tcp://host:70000", "http://h:1", "tcp://:9000"})
  void rejectsWhatIsNotAZeroMqAddress(String address) {
    assertThatThrownBy(() -> Endpoints.resolve(address, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid --inventory address '" + address + "': expected tcp://HOST:PORT");
  }

  @Test
  void badEnvironmentValueNamesTheVariable() {
    assertThatThrownBy(() -> Endpoints.resolve(null, null, Map.of(Endpoints.INVENTORY_ENV, "nope")))
        .hasMessage("invalid MERCURY_INVENTORY_ROUTER address 'nope': expected tcp://HOST:PORT");
  }

  @Test
  void acceptsIpcAndInproc() {
    assertThat(Endpoints.resolve("ipc:///run/mercury/inventory", null, Map.of()).inventory())
        .isEqualTo("ipc:///run/mercury/inventory");
    assertThat(Endpoints.resolve("inproc://inventory", null, Map.of()).inventory()).isEqualTo("inproc://inventory");
  }

  @Test
  void rpcAddressFollowsTheSameRules(@TempDir Path dir) throws IOException {
    assertThat(Endpoints.resolve(null, null, Map.of()).rpc()).isEqualTo("tcp://127.0.0.1:9001");
    assertThat(Endpoints.resolve(null, null, Map.of(Endpoints.RPC_ENV, "tcp://rpc.dc1:9001")).rpc())
        .isEqualTo("tcp://rpc.dc1:9001");
    assertThat(
            Endpoints.resolve(null, "tcp://10.0.0.1:9101", Map.of(Endpoints.RPC_ENV, "tcp://x:1")).rpc())
        .isEqualTo("tcp://10.0.0.1:9101");
    Files.writeString(dir.resolve("mercury-cli.yaml"), "cli:\n  rpc_router: tcp://rpc.dc2:9001\n");
    Endpoints fromFile = Endpoints.resolve(null, null, Map.of("MERCURY_SEARCH_DIRS", dir.toString()));
    assertThat(fromFile.rpc()).isEqualTo("tcp://rpc.dc2:9001");
    assertThat(fromFile.inventory()).isEqualTo("tcp://127.0.0.1:9000");
  }

  @Test
  void badRpcAddressNamesWhereItCameFrom() {
    assertThatThrownBy(() -> Endpoints.resolve(null, "rpc:9001", Map.of()))
        .hasMessage("invalid --rpc address 'rpc:9001': expected tcp://HOST:PORT");
    assertThatThrownBy(() -> Endpoints.resolve(null, null, Map.of(Endpoints.RPC_ENV, "nope")))
        .hasMessage("invalid MERCURY_RPC_ROUTER address 'nope': expected tcp://HOST:PORT");
  }
}
