package io.mercury.log;

import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.config.Option;
import io.mercury.common.security.SecuritySettings;
import io.mercury.common.store.MongoSettings;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.common.transport.ServerSettings;
import java.time.Duration;

/**
 * The log service daemon's configuration, each option declared once in {@link #spec()} and read once in
 * {@link #from(Configuration)}.
 *
 * @param service the service's own settings (server, follow address, batch and retention limits)
 * @param store where the events are
 * @param security CURVE mode and keys
 * @param auditDatabase the database of the audit trail
 * @param auditRetention how long audit records are kept
 */
public record LogConfig(
    LogService.Settings service,
    MongoSettings store,
    SecuritySettings security,
    String auditDatabase,
    Duration auditRetention) {
  static final String DB = "log_service.db";

  public static ConfigSpec spec() {
    return ConfigSpec.builder(LogService.NAME, "mercury-log.yaml")
        .option(
            Option.string("log_service.bind_address")
                .defaultValue("tcp://*:9006")
                .doc("ZeroMQ ROUTER address: original log records, `log_batch`, `query_logs`, `follow_address`."))
        .option(
            Option.string("log_service.follow_address")
                .defaultValue("tcp://*:9007")
                .doc("ZeroMQ PUB address every stored event is published on (best effort; `mcli log -f`)."))
        .option(
            Option.integer("log_service.workers")
                .defaultValue(4L)
                .doc("Threads that store and query events."))
        .option(
            Option.integer("log_service.queue_capacity")
                .defaultValue(1024L)
                .doc("Requests that may wait for a worker before new ones are refused as busy."))
        .option(
            Option.integer("log_service.max_message_bytes")
                .defaultValue((long) ServerSettings.DEFAULT_MAX_MESSAGE_BYTES)
                .doc("Largest request accepted; larger ones get an error reply."))
        .option(
            Option.integer("log_service.max_batch")
                .defaultValue(1000L)
                .doc("Most events in one `log_batch`; a larger batch is refused whole."))
        .option(
            Option.decimal("log_service.retention_days")
                .defaultValue(14.0)
                .doc("Events older than this are deleted (sweeper, and a TTL index on real MongoDB)."))
        .option(
            Option.integer("log_service.max_documents")
                .defaultValue(5_000_000L)
                .doc("Most events kept; the oldest beyond it are deleted (checked every 1% of it, at most every 1000 events)."))
        .option(
            Option.decimal("log_service.sweep_interval")
                .defaultValue(60.0)
                .doc("Seconds between retention sweeps."))
        .options(MongoSettings.options(DB, "logs"))
        .options(SecuritySettings.options("log"))
        .option(AuditTrail.databaseOption())
        .option(SecuritySettings.keysRereadOption())
        .option(AuditTrail.retentionOption())
        .build();
  }

  /** Reads the options of {@link #spec()}. */
  public static LogConfig from(Configuration cfg) {
    return new LogConfig(
        new LogService.Settings(
            new ServerSettings(
                LogService.NAME,
                cfg.string("log_service.bind_address"),
                cfg.int32("log_service.workers"),
                cfg.int32("log_service.queue_capacity"),
                cfg.int32("log_service.max_message_bytes")),
            cfg.string("log_service.follow_address"),
            cfg.int32("log_service.max_batch"),
            days(cfg.decimal("log_service.retention_days")),
            cfg.integer("log_service.max_documents"),
            cfg.seconds("log_service.sweep_interval")),
        MongoSettings.from(cfg, DB),
        SecuritySettings.from(cfg),
        cfg.string(AuditTrail.DATABASE_OPTION),
        days(cfg.decimal(AuditTrail.RETENTION_OPTION)));
  }

  private static Duration days(double days) {
    return Duration.ofMillis(Math.round(days * 86_400_000));
  }
}
