package io.mercury.boot;

import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.config.Option;
import io.mercury.common.security.SecuritySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The boot daemon's configuration, each option declared once in {@link #spec()} (the original's {@code
 * mercury-boot.yaml} keys, docs/protocol.md, "Boot service") and read once in {@link #from(Configuration)}.
 *
 * @param host address the HTTP server listens on
 * @param port HTTP port
 * @param inventoryRouter the inventory service
 * @param inventoryTimeout how long one inventory request waits for its reply
 * @param image the agent image the boot scripts load
 * @param backendKey the backend's CURVE public key given to agents; empty: from the keys, or none
 * @param autoEnrol whether each agent boot gets a freshly minted enrolment token
 * @param tokenTtl how long a minted enrolment token may be used
 * @param enrolmentBackend the backend that mints enrolment tokens
 * @param fileDirectory directory whose files are served at /files/NAME, or null for none
 * @param security CURVE mode and keys
 */
public record BootConfig(
    String host,
    int port,
    String inventoryRouter,
    Duration inventoryTimeout,
    AgentImage image,
    String backendKey,
    boolean autoEnrol,
    Duration tokenTtl,
    String enrolmentBackend,
    Path fileDirectory,
    SecuritySettings security) {
  static final String BACKEND_KEY = "boot.backend_key";
  static final String AUTO_ENROL = "boot.enrolment.auto";

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

  /**
   * Reads the options of {@link #spec()}.
   *
   * @throws IllegalArgumentException for an {@code boot.enrolment.auto} other than on or off
   */
  public static BootConfig from(Configuration cfg) {
    String auto = cfg.string(AUTO_ENROL).strip().toLowerCase(Locale.ROOT);
    if (!auto.equals("on") && !auto.equals("off")) {
      throw new IllegalArgumentException(AUTO_ENROL + " must be on or off, got '" + cfg.string(AUTO_ENROL) + "'");
    }
    return new BootConfig(
        cfg.string("host"),
        cfg.int32("port"),
        cfg.string("inventory.inventory_router"),
        cfg.seconds("inventory.timeout"),
        image(cfg),
        cfg.optionalString(BACKEND_KEY).orElse(""),
        auto.equals("on"),
        cfg.seconds("boot.enrolment.token_ttl"),
        cfg.string("boot.enrolment.backend"),
        cfg.optionalString("agent.file_directory").map(Path::of).orElse(null),
        SecuritySettings.from(cfg));
  }

  private static AgentImage image(Configuration cfg) {
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
}
