package io.mercury.agent.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.agent.AgentConfig;
import io.mercury.agent.AgentService;
import io.mercury.agent.DeviceDocument;
import io.mercury.agent.testing.FixtureHost;
import io.mercury.agent.testing.TestCapabilities;
import io.mercury.common.client.BackendClient;
import io.mercury.common.transport.ServiceClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

class CapabilitiesTest {
  @TempDir Path root;
  @TempDir Path state;
  private final ZContext context = new ZContext();
  private ServiceClient backend;
  private AgentEnvironment env;

  @BeforeEach
  void setUp() throws Exception {
    FixtureHost.write(root, "4c4c4544-0000-1000-8000-000000000001");
    backend = new ServiceClient(context, "tcp://127.0.0.1:1", AgentService.backendSettings(Duration.ofMillis(200), null));
    env = new AgentEnvironment(
        AgentConfig.forTesting("tcp://127.0.0.1:1", state, root), DeviceDocument.inspect(root), new BackendClient(backend));
  }

  @AfterEach
  void tearDown() {
    backend.close();
    context.close();
  }

  @Test
  void serviceLoaderFindsBuiltInsAndTheTestOnlyProviderButNotUnavailableOnes() {
    Capabilities caps = Capabilities.load(env);

    assertThat(caps.names()).contains("echo", "run", "run_async", "inspector", "check_hardware", "test_sleep", "test_fail")
        .doesNotContain("test_unavailable");
  }

  @Test
  void powerActionsAreAbsentByDefault() {
    assertThat(Capabilities.load(env).names()).doesNotContain("reboot", "kexec", "reload");
    assertThat(new PowerCapabilities().capabilities(env)).isEmpty();
  }

  @Test
  void powerActionsAreOfferedWhenAllowed() {
    AgentEnvironment allowed = new AgentEnvironment(env.config().withAllowPowerActions(true), env.device(), env.backend());

    assertThat(new PowerCapabilities().capabilities(allowed)).extracting(c -> c.descriptor().name())
        .containsExactly("reboot", "kexec", "reload");
  }

  @Test
  void aNameOfferedTwiceIsRefused() {
    assertThatThrownBy(() -> Capabilities.of(List.of(new BuiltinCapabilities(), new BuiltinCapabilities()), env))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("capability echo is offered by both");
  }

  @Test
  void powerActionArgumentsAreValidatedBeforeAnyToolRuns() {
    TaskContext ctx = new NoContext();
    KexecCapability kexec = new KexecCapability();
    assertThat(kexec.descriptor().kwargNames()).containsExactly("kernel", "initrd", "options");
    assertThatThrownBy(() -> kexec.run(ctx, List.of(), Map.of("kernel", "", "initrd", "/i", "options", List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kernel must be a non-empty string");
    assertThatThrownBy(() -> kexec.run(ctx, List.of(), Map.of("kernel", "/k", "initrd", "/i", "options", "quiet")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("options must be a list of strings");
    assertThatThrownBy(() -> kexec.run(ctx, List.of(), Map.of("kernel", "/k", "initrd", "/i", "options", List.of(), "kernel_type", "a;b")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kernel_type");
    ReloadCapability reload = new ReloadCapability();
    assertThat(reload.descriptor().numArgs()).isEqualTo(2);
    assertThatThrownBy(() -> reload.run(ctx, List.of("ftp://x/k", "http://x/i"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kernel_url must be an http or https URL");
    assertThatThrownBy(() -> reload.run(ctx, List.of("http://x/k", 5), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initrd_url must be a string URL");
  }

  @Test
  void checkHardwareReportsCountersAtOrOverTheThreshold() throws Exception {
    assertThat(CheckHardwareCapability.check(env.device().root(), 20)).containsEntry("error_count", 0L);

    FixtureHost.file(root, "proc/interrupts", " MCE:         12          8   Machine check exceptions");
    FixtureHost.file(root, "sys/devices/system/edac/mc/mc0/ce_count", "25");
    FixtureHost.file(root, "sys/devices/system/edac/mc/mc0/ue_count", "1");
    FixtureHost.file(root, "sys/devices/system/edac/mc/mc1/ce_count", "19");
    Map<String, Object> result = CheckHardwareCapability.check(env.device().root(), 20);

    assertThat(result).containsEntry("error_count", 3L);
    List<String> types = ((List<?>) result.get("errors")).stream().map(e -> (String) ((Map<?, ?>) e).get("type")).toList();
    assertThat(types)
        .containsExactly("machine_check_exceptions", "corrected_memory_errors", "uncorrected_memory_errors");
    assertThat(new CheckHardwareCapability(env).run(new NoContext(), List.of(), Map.of())).isEqualTo(result);
  }

  @Test
  void inspectorChangesAreTheChangedTopLevelKeysOnly() {
    Map<String, Object> before = Map.of("mercury_id", "a", "mem", 1, "dmi", 2);
    Map<String, Object> after = Map.of("mercury_id", "b", "mem", 3, "dmi", 2, "new", 4);

    assertThat(InspectorCapability.changes(before, after)).containsOnlyKeys("mem", "new");
  }

  @Test
  void testCapabilitiesProviderIsItselfLoadable() {
    assertThat(new TestCapabilities().capabilities(env)).isNotEmpty();
  }

  private static final class NoContext implements TaskContext {
    @Override
    public String taskId() {
      return "t";
    }

    @Override
    public String jobId() {
      return "j";
    }

    @Override
    public String mercuryId() {
      return "m";
    }

    @Override
    public void progress(String action, double fraction) {}
  }
}
