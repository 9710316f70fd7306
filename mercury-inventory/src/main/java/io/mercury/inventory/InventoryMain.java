package io.mercury.inventory;

import com.mongodb.client.MongoClient;
import io.mercury.common.config.ConfigException;
import io.mercury.common.config.ConfigLoader;
import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.config.Option;
import io.mercury.common.lifecycle.ServiceRunner;
import io.mercury.common.logging.Logging;
import io.mercury.common.security.SecuritySettings;
import io.mercury.common.security.TransportSecurity;
import io.mercury.common.security.AuditTrail;
import io.mercury.inventory.endpoint.DeviceKeys;
import io.mercury.common.store.MongoConnector;
import io.mercury.common.store.MongoSettings;
import io.mercury.common.transport.ServerSettings;
import io.mercury.inventory.store.DeviceStore;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/** The inventory daemon: {@code mercury-inventory [--inventory-bind-address tcp://*:9000] ...}. */
public final class InventoryMain {
  private static final Logger log = LoggerFactory.getLogger(InventoryMain.class);
  static final String DB = "inventory.database";

  private InventoryMain() {}

  public static ConfigSpec spec() {
    return ConfigSpec.builder(InventoryService.NAME, "mercury-inventory.yaml")
        .option(
            Option.string("inventory.bind_address")
                .defaultValue("tcp://*:9000")
                .doc("ZeroMQ ROUTER address the inventory listens on."))
        .option(
            Option.integer("inventory.workers")
                .defaultValue(64L)
                .doc("Threads that run requests against the database (concurrent inserts share a batch, so a registration storm needs many)."))
        .option(
            Option.integer("inventory.queue_capacity")
                .defaultValue(1024L)
                .doc("Requests that may wait for a worker before new ones are refused as busy."))
        .option(
            Option.integer("inventory.max_message_bytes")
                .defaultValue((long) ServerSettings.DEFAULT_MAX_MESSAGE_BYTES)
                .doc("Largest request accepted; larger ones get an error reply."))
        .option(
            Option.integer("inventory.max_query_results")
                .defaultValue(DeviceStore.DEFAULT_MAX_QUERY_RESULTS)
                .doc("Most devices one query reply holds; a larger limit, or limit 0 matching more, is refused (page with offset_id)."))
        .options(MongoSettings.options(DB, "inventory"))
        .options(SecuritySettings.options("inventory"))
        .option(AuditTrail.databaseOption())
        .build();
  }

  public static void main(String[] args) throws InterruptedException {
    if (Arrays.asList(args).contains("--help")) {
      System.out.println("Usage: mercury-inventory [-c FILE] [OPTIONS]\n\n" + spec().markdownTable());
      return;
    }
    Configuration cfg;
    try {
      cfg = ConfigLoader.load(spec(), args, System.getenv(), Path.of("/proc/cmdline"));
      Logging.configure(InventoryService.NAME, cfg);
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println(InventoryService.NAME + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    log.info("{}", cfg.describe());
    ServiceRunner runner = new ServiceRunner(InventoryService.NAME);
    try {
      MongoSettings mongo = MongoSettings.from(cfg, DB);
      MongoClient client = runner.manage(MongoConnector.connect(mongo));
      MongoConnector.ping(client, mongo);
      ZContext context = runner.manage(new ZContext());
      SecuritySettings securitySettings = SecuritySettings.from(cfg);
      TransportSecurity security =
          runner.manage(
              TransportSecurity.start(
                  InventoryService.NAME, securitySettings, context, client.getDatabase(securitySettings.database())));
      ServerSettings settings =
          new ServerSettings(
              InventoryService.NAME,
              cfg.string("inventory.bind_address"),
              Math.toIntExact(cfg.integer("inventory.workers")),
              Math.toIntExact(cfg.integer("inventory.queue_capacity")),
              Math.toIntExact(cfg.integer("inventory.max_message_bytes")),
              security.server(InventoryService.NAME).orElse(null));
      runner.manage(
          InventoryService.start(
              context,
              settings,
              client.getDatabase(mongo.database()).getCollection(mongo.collection()),
              InstantSource.system(),
              AuditTrail.in(
                  client.getDatabase(cfg.string(AuditTrail.DATABASE_OPTION)), InventoryService.NAME, InstantSource.system()),
              cfg.integer("inventory.max_query_results"),
              security.keyStore().map(DeviceKeys::in).orElse(DeviceKeys.NONE)));
    } catch (RuntimeException e) {
      log.error("{} failed to start: {}", InventoryService.NAME, e.getMessage(), e);
      runner.stop();
      System.exit(1);
    }
    runner.awaitShutdown();
  }
}
