package io.mercury.log;

import com.mongodb.client.MongoClient;
import io.mercury.common.config.ConfigException;
import io.mercury.common.config.ConfigLoader;
import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.config.Option;
import io.mercury.common.lifecycle.ServiceRunner;
import io.mercury.common.logging.Logging;
import io.mercury.common.security.AuditTrail;
import io.mercury.common.store.MongoConnector;
import io.mercury.common.store.MongoSettings;
import io.mercury.common.transport.ServerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.mercury.common.security.SecuritySettings;
import io.mercury.common.security.TransportSecurity;
import org.zeromq.ZContext;

/** The log service daemon: {@code mercury-log [--log-service-bind-address tcp://*:9006] ...}. */
public final class LogMain {
  private static final Logger log = LoggerFactory.getLogger(LogMain.class);
  static final String DB = "log_service.db";

  private LogMain() {}

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
        .option(AuditTrail.retentionOption())
        .build();
  }

  public static void main(String[] args) throws InterruptedException {
    if (Arrays.asList(args).contains("--help")) {
      System.out.println("Usage: mercury-log [-c FILE] [OPTIONS]\n\n" + spec().markdownTable());
      return;
    }
    Configuration cfg;
    try {
      cfg = ConfigLoader.load(spec(), args, System.getenv(), Path.of("/proc/cmdline"));
      Logging.configure(LogService.NAME, cfg);
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println(LogService.NAME + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    log.info("{}", cfg.describe());
    ServiceRunner runner = new ServiceRunner(LogService.NAME);
    try {
      MongoSettings mongo = MongoSettings.from(cfg, DB);
      MongoClient client = runner.manage(MongoConnector.connect(mongo));
      MongoConnector.ping(client, mongo);
      ZContext context = runner.manage(new ZContext());
      SecuritySettings securitySettings = SecuritySettings.from(cfg);
      TransportSecurity security =
          runner.manage(
              TransportSecurity.start(
                  LogService.NAME, securitySettings, context, client.getDatabase(securitySettings.database())));
      LogService.Settings settings =
          new LogService.Settings(
              new ServerSettings(
                  LogService.NAME,
                  cfg.string("log_service.bind_address"),
                  Math.toIntExact(cfg.integer("log_service.workers")),
                  Math.toIntExact(cfg.integer("log_service.queue_capacity")),
                  Math.toIntExact(cfg.integer("log_service.max_message_bytes"))),
              cfg.string("log_service.follow_address"),
              Math.toIntExact(cfg.integer("log_service.max_batch")),
              Duration.ofMillis(Math.round(cfg.decimal("log_service.retention_days") * 86_400_000)),
              cfg.integer("log_service.max_documents"),
              Duration.ofMillis(Math.round(cfg.decimal("log_service.sweep_interval") * 1000)));
      runner.manage(
          LogService.start(
              context,
              settings,
              client.getDatabase(mongo.database()).getCollection(mongo.collection()),
              InstantSource.system(),
              AuditTrail.in(client.getDatabase(cfg.string(AuditTrail.DATABASE_OPTION)), LogService.NAME, InstantSource.system()),
              Duration.ofMillis(Math.round(cfg.decimal(AuditTrail.RETENTION_OPTION) * 86_400_000)),
              security));
    } catch (RuntimeException e) {
      log.error("{} failed to start: {}", LogService.NAME, e.getMessage(), e);
      runner.stop();
      System.exit(1);
    }
    runner.awaitShutdown();
  }
}
