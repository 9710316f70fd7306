package io.mercury.rpc.backend;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.daemon.Daemon;
import io.mercury.common.daemon.DaemonLauncher;
import io.mercury.common.lifecycle.ServiceRunner;
import io.mercury.common.security.KeySeal;
import io.mercury.common.security.TransportSecurity;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.store.keys.EnrolmentTokens;
import io.mercury.common.store.keys.KeyStore;
import io.mercury.rpc.link.AgentKeys;
import io.mercury.rpc.link.AgentLink;
import io.mercury.rpc.liveness.LivenessMonitor;
import io.mercury.rpc.store.RpcDatabase;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/** The RPC backend daemon: {@code mercury-backend [--backend-agent-service-bind-address tcp://*:9002] ...}. */
public final class BackendMain implements Daemon<BackendConfig> {
  private static final Logger log = LoggerFactory.getLogger(BackendMain.class);

  public static void main(String[] args) throws InterruptedException {
    DaemonLauncher.launch(new BackendMain(), args);
  }

  @Override
  public String name() {
    return BackendService.NAME;
  }

  @Override
  public String usage() {
    return "mercury-backend [-c FILE] [OPTIONS]";
  }

  @Override
  public ConfigSpec spec() {
    return BackendConfig.spec();
  }

  @Override
  public BackendConfig configuration(Configuration cfg) {
    return BackendConfig.from(cfg);
  }

  @Override
  public void start(BackendConfig config, ServiceRunner runner) {
    warnOfShortIdleTimeout(config);
    MongoClient client = runner.manage(RpcDatabase.connect(config.store()));
    int ioThreads = config.ioThreads() == 0 ? Runtime.getRuntime().availableProcessors() : config.ioThreads();
    ZContext context = runner.manage(new ZContext(ioThreads));
    TransportSecurity security =
        runner.manage(
            TransportSecurity.start(
                BackendService.NAME, config.security(), context, client.getDatabase(config.security().database())));
    AgentKeys agentKeys = new AgentKeys();
    AgentLink link = runner.manage(new AgentLink(config.link(), security.key().orElse(null), agentKeys));
    InstantSource clock = InstantSource.system();
    BackendService.Settings settings =
        new BackendService.Settings(
            config.server(), config.origin(), config.inventoryRouter(), config.dispatch(), security, agentKeys);
    runner.manage(
        BackendService.start(
            context,
            settings,
            runner.manage(RpcDatabase.store(client, config.store(), clock)),
            link,
            (onLost, agents) -> AgentWatch.of(new LivenessMonitor(agents, config.ping(), onLost)),
            keys(config, client.getDatabase(config.security().database()), clock),
            AuditTrail.in(client.getDatabase(config.auditDatabase()), BackendService.NAME, clock)));
  }

  private static BackendService.Keys keys(BackendConfig config, MongoDatabase db, InstantSource clock) {
    KeySeal seal = config.security().curve() ? KeySeal.in(config.security().keysDir()) : KeySeal.none();
    return new BackendService.Keys(
        new KeyStore(db, config.enrolment(), clock, seal),
        new EnrolmentTokens(db, clock),
        config.enrolmentServer(),
        config.autoTokensPerMinute());
  }

  private static void warnOfShortIdleTimeout(BackendConfig config) {
    if (!config.link().idleTimeout().isZero()
        && config.link().idleTimeout().compareTo(config.ping().interval()) <= 0) {
      log.warn(
          "backend.link.idle_timeout ({} s) is not longer than backend.ping.interval ({} s): each ping of an original agent opens a new connection",
          BackendConfig.seconds(config.link().idleTimeout()),
          BackendConfig.seconds(config.ping().interval()));
    }
  }
}
