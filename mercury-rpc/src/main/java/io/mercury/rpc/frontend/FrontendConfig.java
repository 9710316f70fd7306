package io.mercury.rpc.frontend;

import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.config.Option;
import io.mercury.common.security.SecuritySettings;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.transport.ServerSettings;
import io.mercury.rpc.store.RpcDatabase;
import java.time.Duration;

/**
 * The RPC frontend daemon's configuration, each option declared once in {@link #spec()} and read once in
 * {@link #from(Configuration)}.
 *
 * @param server the ROUTER server (plaintext; CURVE is added at start when security is on)
 * @param inventoryRouter the inventory service
 * @param retention how long finished jobs and their tasks are kept
 * @param retentionSweep how often expired jobs are deleted
 * @param maxTargets most targets one job may have
 * @param store the jobs-and-tasks database
 * @param security CURVE mode and keys
 * @param auditDatabase the database of the audit trail
 */
public record FrontendConfig(
    ServerSettings server,
    String inventoryRouter,
    Duration retention,
    Duration retentionSweep,
    int maxTargets,
    RpcDatabase.Settings store,
    SecuritySettings security,
    String auditDatabase) {
  static final String DB = "rpc.database";

  public static ConfigSpec spec() {
    return ConfigSpec.builder(FrontendService.NAME, "mercury-rpc.yaml")
        .option(Option.string("rpc.bind_address").defaultValue("tcp://*:9001").doc("ZeroMQ ROUTER address the frontend listens on."))
        .option(Option.string("rpc.inventory_router").defaultValue("tcp://127.0.0.1:9000").doc("The inventory service."))
        .option(Option.integer("rpc.workers").defaultValue(8L).doc("Threads that run requests."))
        .option(Option.integer("rpc.queue_capacity").defaultValue(1024L).doc("Requests that may wait for a worker before new ones are refused as busy."))
        .option(Option.integer("rpc.max_message_bytes").defaultValue((long) ServerSettings.DEFAULT_MAX_MESSAGE_BYTES).doc("Largest request accepted."))
        .option(Option.integer("rpc.max_targets").defaultValue((long) FrontendService.Settings.DEFAULT_MAX_TARGETS).doc("Most targets one job may have; a query matching more active devices is refused (narrow it or split the job)."))
        .option(Option.decimal("rpc.retention_days").defaultValue(7.0).doc("How long finished jobs and their tasks are kept."))
        .option(Option.integer("rpc.retention_sweep_seconds").defaultValue(3600L).doc("How often expired jobs are deleted (the embedded store has no TTL indexes)."))
        .options(RpcDatabase.options(DB))
        .options(SecuritySettings.options("rpc"))
        .option(AuditTrail.databaseOption())
        .option(SecuritySettings.keysRereadOption())
        .build();
  }

  /** Reads the options of {@link #spec()}. */
  public static FrontendConfig from(Configuration cfg) {
    return new FrontendConfig(
        new ServerSettings(
            FrontendService.NAME,
            cfg.string("rpc.bind_address"),
            cfg.int32("rpc.workers"),
            cfg.int32("rpc.queue_capacity"),
            cfg.int32("rpc.max_message_bytes")),
        cfg.string("rpc.inventory_router"),
        Duration.ofSeconds(Math.round(cfg.decimal("rpc.retention_days") * 86_400)),
        Duration.ofSeconds(cfg.integer("rpc.retention_sweep_seconds")),
        cfg.int32("rpc.max_targets"),
        RpcDatabase.Settings.from(cfg, DB),
        SecuritySettings.from(cfg),
        cfg.string(AuditTrail.DATABASE_OPTION));
  }
}
