package io.mercury.rpc.frontend;

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
import io.mercury.common.transport.ServerSettings;
import io.mercury.rpc.store.RpcDatabase;
import io.mercury.rpc.store.RpcStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/** The RPC frontend daemon: {@code mercury-rpc [--rpc-bind-address tcp://*:9001] ...}. */
public final class FrontendMain {
  private static final Logger log = LoggerFactory.getLogger(FrontendMain.class);
  static final String DB = "rpc.database";

  private FrontendMain() {}

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
        .build();
  }

  public static void main(String[] args) throws InterruptedException {
    if (Arrays.asList(args).contains("--help")) {
      System.out.println("Usage: mercury-rpc [-c FILE] [OPTIONS]\n\n" + spec().markdownTable());
      return;
    }
    Configuration cfg;
    try {
      cfg = ConfigLoader.load(spec(), args, System.getenv(), Path.of("/proc/cmdline"));
      Logging.configure(FrontendService.NAME, cfg);
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println(FrontendService.NAME + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    log.info("{}", cfg.describe());
    ServiceRunner runner = new ServiceRunner(FrontendService.NAME);
    try {
      MongoClient client = runner.manage(RpcDatabase.connect(cfg, DB));
      ZContext context = runner.manage(new ZContext());
      SecuritySettings securitySettings = SecuritySettings.from(cfg);
      TransportSecurity security =
          runner.manage(
              TransportSecurity.start(
                  FrontendService.NAME, securitySettings, context, client.getDatabase(securitySettings.database())));
      FrontendService.Settings settings =
          new FrontendService.Settings(
              new ServerSettings(
                  FrontendService.NAME,
                  cfg.string("rpc.bind_address"),
                  Math.toIntExact(cfg.integer("rpc.workers")),
                  Math.toIntExact(cfg.integer("rpc.queue_capacity")),
                  Math.toIntExact(cfg.integer("rpc.max_message_bytes"))),
              cfg.string("rpc.inventory_router"),
              Duration.ofSeconds(Math.round(cfg.decimal("rpc.retention_days") * 86_400)),
              Duration.ofSeconds(cfg.integer("rpc.retention_sweep_seconds")),
              security,
              Math.toIntExact(cfg.integer("rpc.max_targets")));
      InstantSource clock = InstantSource.system();
      RpcStore store = runner.manage(RpcDatabase.store(client, cfg, DB, clock));
      AuditTrail audit = AuditTrail.in(client.getDatabase(cfg.string(AuditTrail.DATABASE_OPTION)), FrontendService.NAME, clock);
      runner.manage(FrontendService.start(context, settings, store, clock, audit));
    } catch (RuntimeException e) {
      log.error("{} failed to start: {}", FrontendService.NAME, e.getMessage(), e);
      runner.stop();
      System.exit(1);
    }
    runner.awaitShutdown();
  }
}
