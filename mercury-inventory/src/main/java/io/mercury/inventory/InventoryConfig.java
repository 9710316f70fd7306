package io.mercury.inventory;

import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.config.Option;
import io.mercury.common.security.SecuritySettings;
import io.mercury.common.store.MongoSettings;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.transport.ServerSettings;
import io.mercury.inventory.store.DeviceStore;

/**
 * The inventory daemon's configuration, each option declared once in {@link #spec()} and read once in
 * {@link #from(Configuration)}.
 *
 * @param server the ROUTER server (plaintext; CURVE is added at start when security is on)
 * @param maxQueryResults most devices one query reply holds
 * @param store where the devices are
 * @param security CURVE mode and keys
 * @param auditDatabase the database of the audit trail
 */
public record InventoryConfig(
    ServerSettings server, long maxQueryResults, MongoSettings store, SecuritySettings security, String auditDatabase) {
  static final String DB = "inventory.database";

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
        .option(SecuritySettings.keysRereadOption())
        .build();
  }

  /** Reads the options of {@link #spec()}. */
  public static InventoryConfig from(Configuration cfg) {
    return new InventoryConfig(
        new ServerSettings(
            InventoryService.NAME,
            cfg.string("inventory.bind_address"),
            cfg.int32("inventory.workers"),
            cfg.int32("inventory.queue_capacity"),
            cfg.int32("inventory.max_message_bytes")),
        cfg.integer("inventory.max_query_results"),
        MongoSettings.from(cfg, DB),
        SecuritySettings.from(cfg),
        cfg.string(AuditTrail.DATABASE_OPTION));
  }
}
