package io.mercury.log;

import com.mongodb.client.MongoClient;
import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.daemon.Daemon;
import io.mercury.common.daemon.DaemonLauncher;
import io.mercury.common.lifecycle.ServiceRunner;
import io.mercury.common.security.TransportSecurity;
import io.mercury.common.store.MongoConnector;
import io.mercury.common.store.audit.AuditTrail;
import java.time.InstantSource;
import org.zeromq.ZContext;

/** The log service daemon: {@code mercury-log [--log-service-bind-address tcp://*:9006] ...}. */
public final class LogMain implements Daemon<LogConfig> {
  public static void main(String[] args) throws InterruptedException {
    DaemonLauncher.launch(new LogMain(), args);
  }

  @Override
  public String name() {
    return LogService.NAME;
  }

  @Override
  public String usage() {
    return "mercury-log [-c FILE] [OPTIONS]";
  }

  @Override
  public ConfigSpec spec() {
    return LogConfig.spec();
  }

  @Override
  public LogConfig configuration(Configuration cfg) {
    return LogConfig.from(cfg);
  }

  @Override
  public void start(LogConfig config, ServiceRunner runner) {
    MongoClient client = runner.manage(MongoConnector.connect(config.store()));
    MongoConnector.ping(client, config.store());
    ZContext context = runner.manage(new ZContext());
    TransportSecurity security =
        runner.manage(
            TransportSecurity.start(
                LogService.NAME, config.security(), context, client.getDatabase(config.security().database())));
    InstantSource clock = InstantSource.system();
    runner.manage(
        LogService.start(
            context,
            config.service(),
            client.getDatabase(config.store().database()).getCollection(config.store().collection()),
            clock,
            AuditTrail.in(client.getDatabase(config.auditDatabase()), LogService.NAME, clock),
            config.auditRetention(),
            security));
  }
}
