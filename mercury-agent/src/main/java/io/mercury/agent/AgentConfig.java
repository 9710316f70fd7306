package io.mercury.agent;

import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.config.Option;
import io.mercury.common.security.SecuritySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The agent's resolved settings (the options they come from are declared in {@link #spec()}).
 *
 * @param bindAddress ROUTER address of the RPC service; port 0 binds an ephemeral port
 * @param pongBindAddress REP address of the pong service; port 0 binds an ephemeral port
 * @param backendUrl the backend to register with and report to, e.g. {@code tcp://backend:9002}
 * @param logServiceUrl the log service events are forwarded to (set up by AgentMain through Logging); may be null
 * @param localIp the address to advertise; null to take the default route's
 * @param stateDir where finished results wait until the backend has acknowledged them
 * @param maxConcurrentTasks tasks that may run at once
 * @param reregisterAfter how long without a ping before the agent registers again by itself
 * @param inspectRoot the machine's file tree to inspect; not {@code /} means another machine's captured
 *     tree, against which no tool is run
 * @param allowPowerActions whether reboot, kexec and reload are published
 * @param mceThreshold corrected hardware errors at or above which check_hardware reports an error
 * @param backendTimeout how long one request to the backend waits for its reply
 * @param enrolment how the key is enrolled before registering, or {@code null} not to (CURVE off)
 */
public record AgentConfig(
    String bindAddress,
    String pongBindAddress,
    String backendUrl,
    String logServiceUrl,
    String localIp,
    Path stateDir,
    int maxConcurrentTasks,
    Duration reregisterAfter,
    Path inspectRoot,
    boolean allowPowerActions,
    int mceThreshold,
    Duration backendTimeout,
    EnrolmentConfig enrolment) {

  public AgentConfig {
    Objects.requireNonNull(bindAddress, "bindAddress is null");
    Objects.requireNonNull(pongBindAddress, "pongBindAddress is null");
    Objects.requireNonNull(backendUrl, "backendUrl is null");
    Objects.requireNonNull(stateDir, "stateDir is null");
    Objects.requireNonNull(reregisterAfter, "reregisterAfter is null");
    Objects.requireNonNull(inspectRoot, "inspectRoot is null");
    Objects.requireNonNull(backendTimeout, "backendTimeout is null");
    if (maxConcurrentTasks < 1) {
      throw new IllegalArgumentException("agent.max_concurrent_tasks must be at least 1, was " + maxConcurrentTasks);
    }
    if (reregisterAfter.isNegative() || reregisterAfter.isZero()) {
      throw new IllegalArgumentException("agent.reregister_after must be positive, was " + reregisterAfter);
    }
    if (backendTimeout.isNegative() || backendTimeout.isZero()) {
      throw new IllegalArgumentException("agent.remote.response_timeout must be positive, was " + backendTimeout);
    }
    if (mceThreshold < 0) {
      throw new IllegalArgumentException("agent.hardware.mce_threshold must not be negative, was " + mceThreshold);
    }
  }

  /** The agent's options. */
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

  /** Reads the options declared by {@link #spec()}. */
  public static AgentConfig from(Configuration cfg) {
    return new AgentConfig(
        cfg.string("agent.bind_address"),
        cfg.string("agent.pong_bind_address"),
        cfg.string("agent.remote.backend_url"),
        cfg.optionalString("agent.remote.log_service_url").orElse(null),
        cfg.optionalString("agent.local_ip").orElse(null),
        Path.of(cfg.string("agent.state_dir")),
        Math.toIntExact(cfg.integer("agent.max_concurrent_tasks")),
        seconds(cfg.decimal("agent.reregister_after")),
        Path.of(cfg.string("agent.inspect_root")),
        cfg.bool("agent.allow_power_actions"),
        Math.toIntExact(cfg.integer("agent.hardware.mce_threshold")),
        seconds(cfg.decimal("agent.remote.response_timeout")),
        EnrolmentConfig.from(cfg));
  }

  /** Settings for a test or an embedded agent: ephemeral ports on loopback, everything else default. */
  public static AgentConfig forTesting(String backendUrl, Path stateDir, Path inspectRoot) {
    return new AgentConfig(
        "tcp://127.0.0.1:0",
        "tcp://127.0.0.1:0",
        backendUrl,
        null,
        "127.0.0.1",
        stateDir,
        16,
        Duration.ofSeconds(120),
        inspectRoot,
        false,
        20,
        Duration.ofSeconds(2),
        null);
  }

  public AgentConfig withStateDir(Path dir) {
    return new AgentConfig(bindAddress, pongBindAddress, backendUrl, logServiceUrl, localIp, dir,
        maxConcurrentTasks, reregisterAfter, inspectRoot, allowPowerActions, mceThreshold, backendTimeout, enrolment);
  }

  public AgentConfig withBackendTimeout(Duration timeout) {
    return new AgentConfig(bindAddress, pongBindAddress, backendUrl, logServiceUrl, localIp, stateDir,
        maxConcurrentTasks, reregisterAfter, inspectRoot, allowPowerActions, mceThreshold, timeout, enrolment);
  }

  public AgentConfig withMaxConcurrentTasks(int n) {
    return new AgentConfig(bindAddress, pongBindAddress, backendUrl, logServiceUrl, localIp, stateDir, n,
        reregisterAfter, inspectRoot, allowPowerActions, mceThreshold, backendTimeout, enrolment);
  }

  public AgentConfig withReregisterAfter(Duration d) {
    return new AgentConfig(bindAddress, pongBindAddress, backendUrl, logServiceUrl, localIp, stateDir,
        maxConcurrentTasks, d, inspectRoot, allowPowerActions, mceThreshold, backendTimeout, enrolment);
  }

  public AgentConfig withAllowPowerActions(boolean allow) {
    return new AgentConfig(bindAddress, pongBindAddress, backendUrl, logServiceUrl, localIp, stateDir,
        maxConcurrentTasks, reregisterAfter, inspectRoot, allow, mceThreshold, backendTimeout, enrolment);
  }

  public AgentConfig withMceThreshold(int threshold) {
    return new AgentConfig(bindAddress, pongBindAddress, backendUrl, logServiceUrl, localIp, stateDir,
        maxConcurrentTasks, reregisterAfter, inspectRoot, allowPowerActions, threshold, backendTimeout, enrolment);
  }

  public AgentConfig withEnrolment(EnrolmentConfig e) {
    return new AgentConfig(bindAddress, pongBindAddress, backendUrl, logServiceUrl, localIp, stateDir,
        maxConcurrentTasks, reregisterAfter, inspectRoot, allowPowerActions, mceThreshold, backendTimeout, e);
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos(Math.round(s * 1e9));
  }
}
