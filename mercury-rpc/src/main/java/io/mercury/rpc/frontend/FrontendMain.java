package io.mercury.rpc.frontend;

import com.mongodb.client.MongoClient;
import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.daemon.Daemon;
import io.mercury.common.daemon.DaemonLauncher;
import io.mercury.common.lifecycle.ServiceRunner;
import io.mercury.common.security.TransportSecurity;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.rpc.store.RpcDatabase;
import io.mercury.rpc.store.RpcStore;
import java.time.InstantSource;
import org.zeromq.ZContext;

/** The RPC frontend daemon: {@code mercury-rpc [--rpc-bind-address tcp://*:9001] ...}. */
public final class FrontendMain implements Daemon<FrontendConfig> {
  public static void main(String[] args) throws InterruptedException {
    DaemonLauncher.launch(new FrontendMain(), args);
  }

  @Override
  public String name() {
    return FrontendService.NAME;
  }

  @Override
  public String usage() {
    return "mercury-rpc [-c FILE] [OPTIONS]";
  }

  @Override
  public ConfigSpec spec() {
    return FrontendConfig.spec();
  }

  @Override
  public FrontendConfig configuration(Configuration cfg) {
    return FrontendConfig.from(cfg);
  }

  @Override
  public void start(FrontendConfig config, ServiceRunner runner) {
    MongoClient client = runner.manage(RpcDatabase.connect(config.store()));
    ZContext context = runner.manage(new ZContext());
    TransportSecurity security =
        runner.manage(
            TransportSecurity.start(
                FrontendService.NAME, config.security(), context, client.getDatabase(config.security().database())));
    FrontendService.Settings settings =
        new FrontendService.Settings(
            config.server(),
            config.inventoryRouter(),
            config.retention(),
            config.retentionSweep(),
            security,
            config.maxTargets());
    InstantSource clock = InstantSource.system();
    RpcStore store = runner.manage(RpcDatabase.store(client, config.store(), clock));
    AuditTrail audit = AuditTrail.in(client.getDatabase(config.auditDatabase()), FrontendService.NAME, clock);
    runner.manage(FrontendService.start(context, settings, store, clock, audit));
  }
}
