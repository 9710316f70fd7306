package io.mercury.agent;

import io.mercury.common.config.ConfigException;
import io.mercury.common.config.ConfigLoader;
import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.config.Option;
import io.mercury.agent.capability.Capabilities;
import io.mercury.common.lifecycle.ServiceRunner;
import io.mercury.common.security.SecuritySettings;
import io.mercury.common.logging.Logging;
import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/** The agent daemon: {@code mercury-agent --agent-remote-backend-url tcp://backend:9002 ...}. */
public final class AgentMain {
  private static final Logger log = LoggerFactory.getLogger(AgentMain.class);

  private AgentMain() {}

  public static ConfigSpec spec() {
    return ConfigSpec.builder(AgentService.NAME, "mercury-agent.yaml")
        .option(
            Option.string("agent.bind_address")
                .defaultValue("tcp://*:9003")
                .doc("ZeroMQ ROUTER address of the agent's RPC service; port 0 binds an ephemeral port, which is advertised."))
        .option(
            Option.string("agent.pong_bind_address")
                .defaultValue("tcp://*:9004")
                .doc("ZeroMQ REP address that answers the backend's pings; port 0 binds an ephemeral port, which is advertised."))
        .option(
            Option.string("agent.remote.backend_url")
                .required()
                .cmdline("MERCURY_BACKEND")
                .doc("The backend to register with, e.g. tcp://backend:9002."))
        .option(
            Option.string("agent.remote.log_service_url")
                .cmdline("MERCURY_LOG_SERVICE")
                .doc("The log service every event of the agent is forwarded to (wins over logging.remote_url), e.g. tcp://log:9006."))
        .option(
            Option.string(EnrolmentConfig.URL)
                .cmdline("MERCURY_ENROL_URL")
                .doc("The backend's enrolment address, where the agent has its key accepted before registering (CURVE on); default: the backend's host, port 9008."))
        .option(
            Option.string(EnrolmentConfig.TOKEN).secret()
                .env("MERCURY_ENROL_TOKEN")
                .cmdline("MERCURY_ENROL_TOKEN")
                .doc("Enrolment token (from `mcli keys token`) that has the agent's key accepted at once; without one the key waits for `mcli keys accept`."))
        .option(
            Option.decimal("agent.remote.response_timeout")
                .defaultValue(10.0)
                .doc("Seconds one request to the backend waits for its reply before it counts as lost and is retried."))
        .option(
            Option.string("agent.local_ip")
                .env("MERCURY_AGENT_ADDRESS")
                .doc("IPv4 address to advertise; default: that of the default route's interface."))
        .option(
            Option.string("agent.state_dir")
                .defaultValue("/var/lib/mercury-agent")
                .doc("Directory where finished results wait until the backend has acknowledged them."))
        .option(
            Option.integer("agent.max_concurrent_tasks")
                .defaultValue(16L)
                .doc("Tasks that may run at once; more are refused with status 5."))
        .option(
            Option.decimal("agent.reregister_after")
                .defaultValue(120.0)
                .doc("Seconds without a ping or an answered heartbeat after which the agent registers again by itself."))
        .option(
            Option.string("agent.inspect_root")
                .defaultValue("/")
                .doc("File tree to inspect; another machine's captured tree makes the agent report that machine (no tools are run against it)."))
        .option(
            Option.bool("agent.allow_power_actions")
                .defaultValue(false)
                .doc("Publish reboot, kexec and reload."))
        .option(
            Option.integer("agent.hardware.mce_threshold")
                .defaultValue(20L)
                .doc("Corrected hardware errors (MCE, EDAC) at or above which check_hardware reports an error."))
        .options(SecuritySettings.options(AgentSecurity.KEY_FILE_NAME))
        .options(AgentSecurity.options())
        .build();
  }

  public static void main(String[] args) throws InterruptedException {
    if (Arrays.asList(args).contains("--help")) {
      System.out.println("Usage: mercury-agent [-c FILE] [OPTIONS]\n\n" + spec().markdownTable());
      return;
    }
    Configuration cfg;
    AgentConfig config;
    AgentSecurity security;
    try {
      cfg = ConfigLoader.load(spec(), args, System.getenv(), Path.of("/proc/cmdline"));
      config = AgentConfig.from(cfg);
      security = AgentSecurity.from(cfg, config.stateDir());
      String logUrl = cfg.optionalString("agent.remote.log_service_url").orElse(null);
      boolean forwards = logUrl != null || cfg.optionalString("logging.remote_url").isPresent();
      Logging.configure(AgentService.NAME, cfg, logUrl, security.curve() && forwards ? security.logClient() : null);
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println(AgentService.NAME + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    log.info("{}", cfg.describe());
    ServiceRunner runner = new ServiceRunner(AgentService.NAME);
    try {
      ZContext context = runner.manage(new ZContext());
      runner.manage(AgentService.start(context, config, Capabilities::load, security));
    } catch (RuntimeException e) {
      log.error("{} failed to start: {}", AgentService.NAME, e.getMessage(), e);
      runner.stop();
      System.exit(1);
    }
    runner.awaitShutdown();
  }
}
