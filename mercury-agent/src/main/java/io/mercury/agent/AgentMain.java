package io.mercury.agent;

import io.mercury.agent.capability.Capabilities;
import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.daemon.Daemon;
import io.mercury.common.daemon.DaemonLauncher;
import io.mercury.common.lifecycle.ServiceRunner;
import io.mercury.common.logging.Logging;
import org.zeromq.ZContext;

/** The agent daemon: {@code mercury-agent --agent-remote-backend-url tcp://backend:9002 ...}. */
public final class AgentMain implements Daemon<AgentMain.Settings> {
  /**
   * What the agent starts with: its configuration and its key material (kept in its state directory).
   *
   * @param config the agent's options
   * @param security CURVE mode and the agent's own key
   */
  record Settings(AgentConfig config, AgentSecurity security) {}

  public static void main(String[] args) throws InterruptedException {
    DaemonLauncher.launch(new AgentMain(), args);
  }

  @Override
  public String name() {
    return AgentService.NAME;
  }

  @Override
  public String usage() {
    return "mercury-agent [-c FILE] [OPTIONS]";
  }

  @Override
  public ConfigSpec spec() {
    return AgentConfig.spec();
  }

  @Override
  public Settings configuration(Configuration cfg) {
    AgentConfig config = AgentConfig.from(cfg);
    return new Settings(config, AgentSecurity.from(cfg, config.stateDir()));
  }

  /** The agent's own log service URL wins; with CURVE on, events are forwarded with the agent's key. */
  @Override
  public void configureLogging(Settings settings, Configuration cfg) {
    String logUrl = settings.config().logServiceUrl();
    boolean forwards = logUrl != null || cfg.optionalString("logging.remote_url").isPresent();
    AgentSecurity security = settings.security();
    Logging.configure(AgentService.NAME, cfg, logUrl, security.curve() && forwards ? security.logClient() : null);
  }

  @Override
  public void start(Settings settings, ServiceRunner runner) {
    ZContext context = runner.manage(new ZContext());
    runner.manage(AgentService.start(context, settings.config(), Capabilities::load, settings.security()));
  }
}
