package io.mercury.inventory;

import com.mongodb.client.MongoClient;
import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.daemon.Daemon;
import io.mercury.common.daemon.DaemonLauncher;
import io.mercury.common.lifecycle.ServiceRunner;
import io.mercury.common.security.TransportSecurity;
import io.mercury.common.store.MongoConnector;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.inventory.endpoint.DeviceKeys;
import java.time.InstantSource;
import org.zeromq.ZContext;

/** The inventory daemon: {@code mercury-inventory [--inventory-bind-address tcp://*:9000] ...}. */
public final class InventoryMain implements Daemon<InventoryConfig> {
  public static void main(String[] args) throws InterruptedException {
    DaemonLauncher.launch(new InventoryMain(), args);
  }

  @Override
  public String name() {
    return InventoryService.NAME;
  }

  @Override
  public String usage() {
    return "mercury-inventory [-c FILE] [OPTIONS]";
  }

  @Override
  public ConfigSpec spec() {
    return InventoryConfig.spec();
  }

  @Override
  public InventoryConfig configuration(Configuration cfg) {
    return InventoryConfig.from(cfg);
  }

  @Override
  public void start(InventoryConfig config, ServiceRunner runner) {
    MongoClient client = runner.manage(MongoConnector.connect(config.store()));
    MongoConnector.ping(client, config.store());
    ZContext context = runner.manage(new ZContext());
    TransportSecurity security =
        runner.manage(
            TransportSecurity.start(
                InventoryService.NAME, config.security(), context, client.getDatabase(config.security().database())));
    InstantSource clock = InstantSource.system();
    runner.manage(
        InventoryService.start(
            context,
            config.server().withCurve(security.server(InventoryService.NAME).orElse(null)),
            client.getDatabase(config.store().database()).getCollection(config.store().collection()),
            clock,
            AuditTrail.in(client.getDatabase(config.auditDatabase()), InventoryService.NAME, clock),
            config.maxQueryResults(),
            security.keyStore().map(DeviceKeys::in).orElse(DeviceKeys.NONE)));
  }
}
