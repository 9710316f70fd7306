package io.mercury.boot;

import io.mercury.common.config.ConfigException;
import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.daemon.Daemon;
import io.mercury.common.daemon.DaemonLauncher;
import io.mercury.common.lifecycle.ServiceRunner;
import io.mercury.common.security.SecuritySettings;
import io.mercury.common.security.TransportSecurity;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The boot daemon: {@code mercury-boot --agent-file-server-url URL --agent-rootfs-option OPT [...]}; its
 * options are in {@link BootConfig}.
 */
public final class BootMain implements Daemon<BootConfig> {
  private static final Logger log = LoggerFactory.getLogger(BootMain.class);

  public static void main(String[] args) throws InterruptedException {
    DaemonLauncher.launch(new BootMain(), args);
  }

  @Override
  public String name() {
    return BootService.NAME;
  }

  @Override
  public String usage() {
    return "mercury-boot [-c FILE] [OPTIONS]";
  }

  @Override
  public ConfigSpec spec() {
    return BootConfig.spec();
  }

  @Override
  public BootConfig configuration(Configuration cfg) {
    return BootConfig.from(cfg);
  }

  @Override
  public void start(BootConfig config, ServiceRunner runner) {
    ZContext context = runner.manage(new ZContext());
    TransportSecurity security = runner.manage(TransportSecurity.start(BootService.NAME, config.security(), context, null));
    ServiceClient inventory =
        runner.manage(new ServiceClient(context, config.inventoryRouter(), client(config, security, "inventory")));
    Supplier<ServiceClient> backend =
        () -> runner.manage(new ServiceClient(context, config.enrolmentBackend(), client(config, security, "backend")));
    BootDecider decider =
        new BootDecider(new DeviceDirectory(inventory), config.image(), credentials(config, security.settings(), backend));
    runner.manage(BootService.start(config.host(), config.port(), decider, config.fileDirectory(), event -> {}));
  }

  private static ClientSettings client(BootConfig config, TransportSecurity security, String service) {
    return ClientSettings.defaults(service)
        .withTimeout(config.inventoryTimeout())
        .withRetries(1)
        .withCurve(security.client(service));
  }

  /**
   * What goes on each agent's command line besides the image's arguments: the backend's key from
   * {@code boot.backend_key}, else (CURVE on) from {@code security.server_keys} or {@code
   * <keys_dir>/backend.pub}, else none; and with {@code boot.enrolment.auto} on, a token per boot.
   *
   * @param backend makes the backend client tokens are minted through; asked only with auto enrolment
   */
  static AgentCredentials credentials(BootConfig config, SecuritySettings security, Supplier<ServiceClient> backend) {
    EnrolmentTokenSource tokens = config.autoEnrol() ? new BackendTokenSource(backend.get(), config.tokenTtl()) : null;
    String key = config.backendKey();
    if (key.isBlank() && security.curve()) {
      try {
        key = security.serverKey("backend");
      } catch (ConfigException e) {
        log.info("the agents' kernel command line gets no MERCURY_BACKEND_KEY: {}", e.getMessage());
      }
    }
    return new AgentCredentials(key, tokens);
  }
}
