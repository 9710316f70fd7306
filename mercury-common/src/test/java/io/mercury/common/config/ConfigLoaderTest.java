package io.mercury.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private static ConfigSpec spec() {
    return ConfigSpec.builder("mercury-test", "mercury-test.yaml")
        .option(Option.string("svc.bind_address").defaultValue("tcp://*:9000").doc("bind"))
        .option(Option.integer("svc.workers").defaultValue(8L))
        .option(Option.decimal("svc.backoff").defaultValue(0.42))
        .option(Option.bool("svc.enabled").defaultValue(true))
        .option(Option.list("svc.servers").defaultValue(List.of("localhost:27017")))
        .option(Option.string("agent.remote.backend_url").cmdline("MERCURY_BACKEND"))
        .option(Option.string("svc.password").secret())
        .build();
  }

  private Configuration load(String[] args, Map<String, String> env, String yaml, String cmdline)
      throws IOException {
    Path cfgDir = Files.createDirectories(dir.resolve("etc"));
    if (yaml != null) {
      Files.writeString(cfgDir.resolve("mercury-test.yaml"), yaml);
    }
    Path proc = dir.resolve("cmdline");
    Files.writeString(proc, cmdline == null ? "" : cmdline);
    return ConfigLoader.load(spec(), args, env, proc, List.of(cfgDir));
  }

  @Test
  void defaultsApplyWhenNoSourceSetsAnything() throws IOException {
    Configuration cfg = load(new String[0], Map.of(), null, null);
    assertThat(cfg.string("svc.bind_address")).isEqualTo("tcp://*:9000");
    assertThat(cfg.integer("svc.workers")).isEqualTo(8L);
    assertThat(cfg.decimal("svc.backoff")).isEqualTo(0.42);
    assertThat(cfg.bool("svc.enabled")).isTrue();
    assertThat(cfg.list("svc.servers")).containsExactly("localhost:27017");
    assertThat(cfg.string("logging.level")).isEqualTo("INFO");
    assertThat(cfg.source("svc.workers")).isEqualTo(Source.DEFAULT);
    assertThat(cfg.file()).isEmpty();
  }

  @Test
  void eachSourceBeatsTheOneBefore() throws IOException {
    String yaml = "svc:\n  workers: 2\n  backoff: 1.5\n  servers: [a:1, b:2]\nagent:\n  remote:\n    backend_url: file\n";
    Configuration fileOnly = load(new String[0], Map.of(), yaml, null);
    assertThat(fileOnly.integer("svc.workers")).isEqualTo(2L);
    assertThat(fileOnly.list("svc.servers")).containsExactly("a:1", "b:2");
    assertThat(fileOnly.source("svc.workers")).isEqualTo(Source.FILE);

    Map<String, String> env = Map.of("SVC_WORKERS", "3", "AGENT_REMOTE_BACKEND_URL", "env", "SVC_SERVERS", "c:3, d:4");
    Configuration withEnv = load(new String[0], env, yaml, null);
    assertThat(withEnv.integer("svc.workers")).isEqualTo(3L);
    assertThat(withEnv.list("svc.servers")).containsExactly("c:3", "d:4");
    assertThat(withEnv.string("agent.remote.backend_url")).isEqualTo("env");

    Configuration withKernel = load(new String[0], env, yaml, "quiet MERCURY_BACKEND=tcp://be:9002 SVC_WORKERS=99\n");
    assertThat(withKernel.string("agent.remote.backend_url")).isEqualTo("tcp://be:9002");
    assertThat(withKernel.source("agent.remote.backend_url")).isEqualTo(Source.KERNEL_CMDLINE);
    assertThat(withKernel.integer("svc.workers")).as("no cmdline key declared").isEqualTo(3L);

    Configuration withFlags =
        load(new String[] {"--svc-workers", "4", "--agent-remote-backend-url=flag"}, env, yaml, "MERCURY_BACKEND=x");
    assertThat(withFlags.integer("svc.workers")).isEqualTo(4L);
    assertThat(withFlags.string("agent.remote.backend_url")).isEqualTo("flag");
    assertThat(withFlags.source("svc.workers")).isEqualTo(Source.FLAG);
  }

  @Test
  void zeroAndFalseOverrideDefaultsButAnEmptyVariableIsUnset() throws IOException {
    Configuration cfg =
        load(new String[] {"--svc-workers", "0", "--svc-enabled", "false"}, Map.of("SVC_BACKOFF", ""), null, null);
    assertThat(cfg.integer("svc.workers")).isZero();
    assertThat(cfg.bool("svc.enabled")).isFalse();
    assertThat(cfg.decimal("svc.backoff")).isEqualTo(0.42);
    assertThat(load(new String[] {"--svc-enabled"}, Map.of("SVC_ENABLED", "0"), null, null).bool("svc.enabled")).isTrue();
    assertThat(load(new String[0], Map.of("SVC_ENABLED", "FALSE"), null, null).bool("svc.enabled")).isFalse();
  }

  @Test
  void loggingOptionsUseTheOriginalNames() throws IOException {
    Configuration cfg = load(new String[] {"--log-format", "json"}, Map.of("MERCURY_LOG_LEVEL", "DEBUG"), null, null);
    assertThat(cfg.string("logging.level")).isEqualTo("DEBUG");
    assertThat(cfg.string("logging.format")).isEqualTo("json");
  }

  @Test
  void typeErrorsNameTheOptionAndTheSource() {
    assertThatThrownBy(() -> load(new String[] {"--svc-workers", "many"}, Map.of(), null, null))
        .isInstanceOf(ConfigException.class)
        .hasMessage("svc.workers from flag --svc-workers must be an integer, got 'many'");
    assertThatThrownBy(() -> load(new String[0], Map.of("SVC_BACKOFF", "fast"), null, null))
        .hasMessage("svc.backoff from environment variable SVC_BACKOFF must be a number, got 'fast'");
    assertThatThrownBy(() -> load(new String[0], Map.of(), "svc:\n  bind_address: [a, b]\n", null))
        .hasMessageContaining("svc.bind_address in configuration file")
        .hasMessageContaining("must be a string");
  }

  @Test
  void requiredOptionsListEveryWayToSetThem() {
    ConfigSpec spec =
        ConfigSpec.builder("mercury-backend", "mercury-backend.yaml")
            .option(Option.string("backend.rpc_router").required())
            .build();
    assertThatThrownBy(() -> ConfigLoader.load(spec, new String[0], Map.of(), null, List.of()))
        .hasMessage(
            "mercury-backend: required option(s) not set: backend.rpc_router (set --backend-rpc-router,"
                + " environment BACKEND_RPC_ROUTER, or 'backend.rpc_router' in mercury-backend.yaml)");
  }

  @Test
  void unknownFlagsAndStrayArgumentsAreRefusedWithASuggestion() {
    assertThatThrownBy(() -> load(new String[] {"--svc-worker", "3"}, Map.of(), null, null))
        .hasMessageStartingWith("mercury-test: unknown option --svc-worker; did you mean --svc-workers?");
    assertThatThrownBy(() -> load(new String[] {"extra"}, Map.of(), null, null))
        .hasMessage("mercury-test: unexpected argument 'extra'");
    assertThatThrownBy(() -> load(new String[] {"--svc-workers"}, Map.of(), null, null))
        .hasMessage("--svc-workers needs a value");
  }

  @Test
  void theFirstFileOnTheSearchPathWinsAndDashCOverridesTheSearch() throws IOException {
    Path first = Files.createDirectories(dir.resolve("first"));
    Path second = Files.createDirectories(dir.resolve("second"));
    Files.writeString(second.resolve("mercury-test.yaml"), "svc: {workers: 2}\n");
    Files.writeString(first.resolve("mercury-test.yaml"), "svc: {workers: 1}\n");
    assertThat(ConfigLoader.load(spec(), new String[0], Map.of(), null, List.of(first, second)).integer("svc.workers"))
        .isEqualTo(1L);

    Path explicit = dir.resolve("explicit.yaml");
    Files.writeString(explicit, "svc: {workers: 7}\n");
    Configuration cfg = ConfigLoader.load(spec(), new String[] {"-c", explicit.toString()}, Map.of(), null, List.of(first));
    assertThat(cfg.integer("svc.workers")).isEqualTo(7L);
    assertThat(cfg.file()).contains(explicit);
  }

  @Test
  void mercurySearchDirsIsSearchedFirst() throws IOException {
    Path extra = Files.createDirectories(dir.resolve("extra"));
    Files.writeString(extra.resolve("mercury-test.yaml"), "svc: {workers: 5}\n");
    Configuration cfg =
        ConfigLoader.load(spec(), new String[0], Map.of("MERCURY_SEARCH_DIRS", "/nonexistent:" + extra), null);
    assertThat(cfg.integer("svc.workers")).isEqualTo(5L);
  }

  @Test
  void aMissingOrBrokenFileIsAClearError() throws IOException {
    assertThatThrownBy(() -> load(new String[] {"--configuration", dir.resolve("nope.yaml").toString()}, Map.of(), null, null))
        .hasMessageContaining("nope.yaml does not exist");
    assertThatThrownBy(() -> load(new String[0], Map.of(), "svc:\n  workers: [1\n  x: {\n", null))
        .hasMessageContaining("is not valid YAML at line");
    assertThatThrownBy(() -> load(new String[0], Map.of(), "- a\n- b\n", null))
        .hasMessageContaining("must hold a YAML mapping");
  }

  @Test
  void undeclaredKeysOfTheFileStayReadable() throws IOException {
    Configuration cfg = load(new String[0], Map.of(), "boot:\n  agent:\n    kernel: vmlinuz\n", null);
    assertThat(cfg.get("boot.agent.kernel")).isEqualTo("vmlinuz");
    assertThat(cfg.get("boot.missing.key")).isNull();
  }

  @Test
  void describeRedactsSecrets() throws IOException {
    String text = load(new String[] {"--svc-password", "hunter2"}, Map.of(), null, null).describe();
    assertThat(text).contains("svc.password = [REDACTED]  (command line)").doesNotContain("hunter2");
    assertThat(text).contains("svc.workers = 8  (default)");
  }

  @Test
  void theOptionTableDocumentsEveryOption() {
    assertThat(spec().markdownTable())
        .contains("| `svc.workers` | `SVC_WORKERS` | `--svc-workers` | `8` |")
        .contains("Also `MERCURY_BACKEND=` on the kernel command line.");
  }
}
