package io.mercury.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.config.ConfigLoader;
import io.mercury.common.dispatch.Access;
import io.mercury.common.dispatch.Dispatcher;
import io.mercury.common.dispatch.EndpointRegistry;
import io.mercury.common.dispatch.Param;
import io.mercury.common.dispatch.ParamType;
import io.mercury.common.security.CurveKeyPair;
import io.mercury.common.security.SecuritySettings;
import io.mercury.common.store.audit.MemoryAudit;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RouterServer;
import io.mercury.common.transport.ServerSettings;
import io.mercury.common.transport.ServiceClient;
import io.mercury.inventory.testing.TestingInventory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/** The agent's kernel command line carries the backend's key and, with auto enrolment, a fresh token. */
class BootEnrolmentTest {
  private static final String BACKEND_KEY = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
  private static final Pattern TOKEN = Pattern.compile(" MERCURY_ENROL_TOKEN=(\\S+)");

  private TestingInventory inventory;
  private ZContext context;
  private ServiceClient inventoryClient;
  private ServiceClient backendClient;
  private RouterServer backend;
  private BootService boot;
  private final MemoryAudit audit = new MemoryAudit();
  private final List<Map<String, Object>> minted = new CopyOnWriteArrayList<>();
  private final AtomicInteger counter = new AtomicInteger();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() {
    inventory = TestingInventory.start();
    context = new ZContext();
    inventoryClient = new ServiceClient(context, inventory.endpoint(), ClientSettings.defaults("inventory"));
    EndpointRegistry registry =
        new EndpointRegistry()
            .register(
                "create_enrolment_token",
                Access.ADMINISTER,
                a -> {
                  minted.add(Map.of("ttl_seconds", a.number("ttl_seconds"), "uses", a.integer("uses"), "mac", a.string("mac")));
                  return Map.of("token", "tok" + counter.incrementAndGet(), "id", "id");
                },
                Param.optional("ttl_seconds", ParamType.NUMBER, 3600.0),
                Param.optional("uses", ParamType.INTEGER, 1L),
                Param.optional("mac", ParamType.STRING, null));
    backend = new RouterServer(context, ServerSettings.of("backend", "tcp://127.0.0.1:0"), new Dispatcher("backend", registry, audit.trail("backend")));
    backend.start();
    backendClient = new ServiceClient(context, backend.endpoint(), ClientSettings.defaults("backend").withTimeout(Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() {
    if (boot != null) {
      boot.close();
    }
    backendClient.close();
    backend.close();
    inventoryClient.close();
    context.close();
    inventory.close();
    audit.close();
  }

  private BootConfig config(Map<String, String> env) {
    return BootConfig.from(ConfigLoader.load(
        BootConfig.spec(), new String[] {"--agent-file-server-url", "http://f/a", "--agent-rootfs-option", "fetch"}, env, null));
  }

  private void startBoot(AgentCredentials credentials) {
    boot = BootService.start(
        "127.0.0.1", 0, new BootDecider(new DeviceDirectory(inventoryClient), BootServiceTest.IMAGE, credentials), null, e -> {});
  }

  private String discover(String mac) throws Exception {
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + boot.port() + "/boot/discover/" + mac)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  private static String token(String script) {
    Matcher m = TOKEN.matcher(script);
    return m.find() ? m.group(1) : null;
  }

  @Test
  void eachAgentBootGetsTheBackendKeyAndAFreshOneUseToken() throws Exception {
    startBoot(BootMain.credentials(
        config(Map.of("BOOT_BACKEND_KEY", BACKEND_KEY, "BOOT_ENROLMENT_AUTO", "on", "BOOT_ENROLMENT_TOKEN_TTL", "900")),
        SecuritySettings.off(), () -> backendClient));
    inventory.insert(Map.of("mercury_id", "id-agent", "interfaces", List.of(Map.of("address", "52:54:00:00:00:03", "devname", "eth0")),
        "boot", Map.of("state", "agent")));

    String first = discover("52:54:00:aa:bb:01");
    String second = discover("52:54:00:00:00:03");

    assertThat(first).contains(" MERCURY_LOG_SERVICE=tcp://log:9006 MERCURY_BACKEND_KEY=" + CurveKeyPair.toHex(BACKEND_KEY) + " MERCURY_ENROL_TOKEN=tok1 console=ttyS0\n");
    assertThat(token(second)).isEqualTo("tok2");
    assertThat(minted)
        .containsExactly(
            Map.of("ttl_seconds", 900.0, "uses", 1L, "mac", "52:54:00:aa:bb:01"),
            Map.of("ttl_seconds", 900.0, "uses", 1L, "mac", "52:54:00:00:00:03"));
  }

  @Test
  void rescueBootsGetNeitherKeyNorToken() throws Exception {
    startBoot(BootMain.credentials(config(Map.of("BOOT_BACKEND_KEY", BACKEND_KEY, "BOOT_ENROLMENT_AUTO", "on")), SecuritySettings.off(), () -> backendClient));
    inventory.insert(Map.of("mercury_id", "id-rescue", "interfaces", List.of(Map.of("address", "52:54:00:00:00:02", "devname", "eth0")),
        "boot", Map.of("state", "rescue")));
    String rescue = discover("52:54:00:00:00:02");
    assertThat(rescue).doesNotContain("MERCURY_ENROL_TOKEN").doesNotContain("MERCURY_BACKEND_KEY");
    assertThat(minted).isEmpty();
  }

  @Test
  void withoutAutoEnrolmentOnlyTheKeyIsGivenAndNoTokenIsMinted() throws Exception {
    startBoot(BootMain.credentials(config(Map.of("BOOT_BACKEND_KEY", BACKEND_KEY)), SecuritySettings.off(), () -> backendClient));
    String script = discover("52:54:00:aa:bb:01");
    assertThat(script).contains(" MERCURY_BACKEND_KEY=" + CurveKeyPair.toHex(BACKEND_KEY) + " console=ttyS0").doesNotContain("MERCURY_ENROL_TOKEN");
    assertThat(minted).isEmpty();
  }

  @Test
  void anUnreachableBackendBootsTheAgentWithoutAToken() throws Exception {
    try (ServiceClient dead = new ServiceClient(context, "tcp://127.0.0.1:1", ClientSettings.defaults("backend").withTimeout(Duration.ofMillis(300)).withRetries(0))) {
      startBoot(new AgentCredentials(BACKEND_KEY, new BackendTokenSource(dead, Duration.ofMinutes(30))));
      String script = discover("52:54:00:aa:bb:01");
      assertThat(script).startsWith("#!ipxe\necho BOOTING MERCURY AGENT\n").contains("MERCURY_BACKEND_KEY=").doesNotContain("MERCURY_ENROL_TOKEN");
    }
  }

  @Test
  void aBackendKeyWhoseZ85FormIPxeWouldExpandTravelsAsHex() {
    String risky = "000${" + "0".repeat(35); // a valid key; about one generated key in 200 holds '${'
    assertThat(CurveKeyPair.isZ85Key(risky)).isTrue();
    String args = new AgentCredentials(risky, null).kernelArguments("52:54:00:00:00:01");
    assertThat(args).isEqualTo(" MERCURY_BACKEND_KEY=" + CurveKeyPair.toHex(risky)).doesNotContain("$");
    assertThat(CurveKeyPair.z85Of(CurveKeyPair.toHex(risky))).isEqualTo(risky);
  }

  @Test
  void badSettingsAreRefusedClearly() {
    assertThatThrownBy(() -> BootMain.credentials(config(Map.of("BOOT_ENROLMENT_AUTO", "maybe")), SecuritySettings.off(), () -> backendClient))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("boot.enrolment.auto must be on or off, got 'maybe'");
    assertThatThrownBy(() -> BootMain.credentials(config(Map.of("BOOT_BACKEND_KEY", "abc${x}")), SecuritySettings.off(), () -> backendClient))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a 40-character Z85 CURVE public key");
    assertThatThrownBy(() -> BootMain.credentials(
            config(Map.of("BOOT_ENROLMENT_AUTO", "on", "BOOT_ENROLMENT_TOKEN_TTL", "0")), SecuritySettings.off(), () -> backendClient))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token_ttl must be positive");
    assertThat(AgentCredentials.none().kernelArguments("52:54:00:00:00:01")).isEmpty();
  }

  @Test
  void withCurveOnTheBackendKeyComesFromTheKeysDirectory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path keys) {
    io.mercury.common.security.CurveKeyPair backendKey = io.mercury.common.security.CurveKeyPair.generate();
    io.mercury.common.security.KeyFiles.save(keys, "backend", backendKey, Map.of());
    AgentCredentials fromDir = BootMain.credentials(config(Map.of()), SecuritySettings.on(keys, "boot"), () -> backendClient);
    assertThat(fromDir.kernelArguments("52:54:00:00:00:01")).isEqualTo(" MERCURY_BACKEND_KEY=" + CurveKeyPair.toHex(backendKey.publicKey()));
    AgentCredentials none = BootMain.credentials(config(Map.of()), SecuritySettings.on(keys.resolve("empty"), "boot"), () -> backendClient);
    assertThat(none.kernelArguments("52:54:00:00:00:01")).isEmpty();
  }
}
