package io.mercury.boot;

import io.mercury.common.config.ConfigException;
import io.mercury.common.config.ConfigLoader;
import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.config.Option;
import io.mercury.common.lifecycle.ServiceRunner;
import io.mercury.common.logging.Logging;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.mercury.common.security.SecuritySettings;
import io.mercury.common.security.TransportSecurity;
import org.zeromq.ZContext;

/**
 * The boot daemon: {@code mercury-boot --agent-file-server-url URL --agent-rootfs-option OPT [...]}. The
 * keys are the original's {@code mercury-boot.yaml} ones (docs/protocol.md, "Boot service").
 */
public final class BootMain {
  private static final Logger log = LoggerFactory.getLogger(BootMain.class);

  static final String BACKEND_KEY = "boot.backend_key";
  static final String AUTO_ENROL = "boot.enrolment.auto";

  private BootMain() {}

  public static ConfigSpec spec() {
    return ConfigSpec.builder(BootService.NAME, "mercury-boot.yaml")
        .option(Option.string("host").defaultValue("127.0.0.1").env("MBOOT_HOST").doc("Address the HTTP server listens on."))
        .option(Option.integer("port").defaultValue(5000L).env("MBOOT_PORT").doc("HTTP port."))
        .option(
            Option.string("inventory.inventory_router")
                .defaultValue("tcp://127.0.0.1:9000")
                .flag("--inventory-router")
                .doc("The inventory service."))
        .option(
            Option.decimal("inventory.timeout")
                .defaultValue(5.0)
                .doc("Seconds one inventory request waits for its reply (tried twice)."))
        .option(
            Option.string("agent.file_server_url")
                .required()
                .doc("Base URL of the agent image's kernel, initrd and root file system, e.g. http://boot:5000/files."))
        .option(Option.string("agent.kernel").defaultValue("vmlinuz").doc("Kernel file name."))
        .option(Option.string("agent.initrd").defaultValue("initrd").doc("Initrd file name."))
        .option(
            Option.string("agent.rootfs_option")
                .required()
                .doc("Kernel argument that takes the root file system URL, e.g. fetch or root=live:."))
        .option(Option.string("agent.file_system").defaultValue("mercury-agent.sqfs").doc("Root file system file name."))
        .option(Option.string("agent.kernel_options").defaultValue("").doc("Further kernel arguments."))
        .option(
            Option.string("agent.backend_url_cmdline")
                .doc("MERCURY_BACKEND= given to the agent on the kernel command line, e.g. tcp://backend:9002."))
        .option(
            Option.string("agent.log_service_cmdline")
                .doc("MERCURY_LOG_SERVICE= given to the agent on the kernel command line."))
        .option(
            Option.string("agent.rescue_options")
                .defaultValue("MERCURY_RESCUE=1")
                .doc("Kernel arguments added when a device's boot.state is rescue."))
        .option(
            Option.string(BACKEND_KEY)
                .doc("The backend's CURVE public key (Z85), given to the agent as MERCURY_BACKEND_KEY=<64 hex digits> on the kernel command line (Z85 may hold iPXE syntax); unset: left out."))
        .option(
            Option.string(AUTO_ENROL)
                .defaultValue("off")
                .doc("on: each agent boot gets a freshly minted one-use enrolment token (MERCURY_ENROL_TOKEN=), so its key is accepted at once. Anyone who can fetch a boot script can then enrol a key: for provisioning networks only."))
        .option(
            Option.decimal("boot.enrolment.token_ttl")
                .defaultValue(1800.0)
                .doc("Seconds a minted enrolment token may be used."))
        .option(
            Option.string("boot.enrolment.backend")
                .defaultValue("tcp://127.0.0.1:9002")
                .doc("The backend that mints enrolment tokens (create_enrolment_token)."))
        .option(
            Option.string("agent.file_directory")
                .doc("Directory whose files are served at /files/NAME (with range requests); unset: none served."))
        .options(SecuritySettings.options("boot"))
        .build();
  }

  /** The agent image from a loaded configuration. */
  static AgentImage image(Configuration cfg) {
    return new AgentImage(
        cfg.string("agent.file_server_url"),
        cfg.string("agent.kernel"),
        cfg.string("agent.initrd"),
        cfg.string("agent.rootfs_option"),
        cfg.string("agent.file_system"),
        cfg.string("agent.kernel_options"),
        cfg.optionalString("agent.backend_url_cmdline").orElse(""),
        cfg.optionalString("agent.log_service_cmdline").orElse(""),
        cfg.string("agent.rescue_options"));
  }

  /**
   * What goes on each agent's command line besides the image's arguments: the backend's key from
   * {@code boot.backend_key}, else (CURVE on) from {@code security.server_keys} or {@code
   * <keys_dir>/backend.pub}, else none; and with {@code boot.enrolment.auto} on, a token per boot.
   *
   * @param backend makes the backend client tokens are minted through; asked only with auto enrolment
   * @throws IllegalArgumentException for an {@code boot.enrolment.auto} other than on or off
   */
  static AgentCredentials credentials(Configuration cfg, SecuritySettings security, Supplier<ServiceClient> backend) {
    String auto = cfg.string(AUTO_ENROL).strip().toLowerCase(Locale.ROOT);
    if (!auto.equals("on") && !auto.equals("off")) {
      throw new IllegalArgumentException(AUTO_ENROL + " must be on or off, got '" + cfg.string(AUTO_ENROL) + "'");
    }
    EnrolmentTokenSource tokens =
        auto.equals("on")
            ? new BackendTokenSource(backend.get(), Duration.ofMillis(Math.round(cfg.decimal("boot.enrolment.token_ttl") * 1000)))
            : null;
    String key = cfg.optionalString(BACKEND_KEY).orElse("");
    if (key.isBlank() && security.curve()) {
      try {
        key = security.serverKey("backend");
      } catch (ConfigException e) {
        log.info("the agents' kernel command line gets no MERCURY_BACKEND_KEY: {}", e.getMessage());
      }
    }
    return new AgentCredentials(key, tokens);
  }

  public static void main(String[] args) throws InterruptedException {
    if (Arrays.asList(args).contains("--help")) {
      System.out.println("Usage: mercury-boot [-c FILE] [OPTIONS]\n\n" + spec().markdownTable());
      return;
    }
    Configuration cfg;
    try {
      cfg = ConfigLoader.load(spec(), args, System.getenv(), Path.of("/proc/cmdline"));
      Logging.configure(BootService.NAME, cfg);
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println(BootService.NAME + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    log.info("{}", cfg.describe());
    ServiceRunner runner = new ServiceRunner(BootService.NAME);
    try {
      Duration timeout = Duration.ofMillis(Math.round(cfg.decimal("inventory.timeout") * 1000));
      ZContext context = runner.manage(new ZContext());
      TransportSecurity security =
          runner.manage(TransportSecurity.start(BootService.NAME, SecuritySettings.from(cfg), context, null));
      ServiceClient inventory =
          runner.manage(
              new ServiceClient(
                  context,
                  cfg.string("inventory.inventory_router"),
                  ClientSettings.defaults("inventory")
                      .withTimeout(timeout)
                      .withRetries(1)
                      .withCurve(security.client("inventory"))));
      Supplier<ServiceClient> backend =
          () ->
              runner.manage(
                  new ServiceClient(
                      context,
                      cfg.string("boot.enrolment.backend"),
                      ClientSettings.defaults("backend")
                          .withTimeout(timeout)
                          .withRetries(1)
                          .withCurve(security.client("backend"))));
      BootDecider decider =
          new BootDecider(new DeviceDirectory(inventory), image(cfg), credentials(cfg, security.settings(), backend));
      Path files = cfg.optionalString("agent.file_directory").map(Path::of).orElse(null);
      runner.manage(
          BootService.start(
              cfg.string("host"), Math.toIntExact(cfg.integer("port")), decider, files, event -> {}));
    } catch (RuntimeException e) {
      log.error("{} failed to start: {}", BootService.NAME, e.getMessage(), e);
      runner.stop();
      System.exit(1);
    }
    runner.awaitShutdown();
  }
}
