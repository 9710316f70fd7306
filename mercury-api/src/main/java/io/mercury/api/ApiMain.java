package io.mercury.api;

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
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.ServiceClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.mercury.common.security.SecuritySettings;
import io.mercury.common.security.TransportSecurity;
import org.zeromq.ZContext;

/**
 * The HTTP API daemon: {@code mercury-api [--api-host H] [--api-port 9005] [...]}, or
 * {@code mercury-api --hash-token < token} to print the digest to put in {@code api.auth.tokens}.
 */
public final class ApiMain {
  private static final Logger log = LoggerFactory.getLogger(ApiMain.class);

  private static final String AUDIT_STORE = "api.audit.database";

  private ApiMain() {}

  public static ConfigSpec spec() {
    return ConfigSpec.builder(ApiService.NAME, "mercury-api.yaml")
        .option(Option.string("api.host").defaultValue("0.0.0.0").doc("Address the HTTP server listens on; unless it resolves to loopback addresses only, api.auth.tokens must be set."))
        .option(Option.integer("api.port").defaultValue(9005L).doc("HTTP port."))
        .option(
            Option.list("api.allowed_hosts")
                .defaultValue(List.of())
                .doc("Names clients reach the API by, each `name` or `name:port` (IPv6 in brackets; no port: api.port). A request whose Host is another name is refused with 421 (DNS rebinding), a change whose Origin is not one of them over http or https with 403. Empty: api.host, localhost, 127.0.0.1 and [::1]."))
        .option(Option.string("api.inventory.inventory_router").defaultValue("tcp://127.0.0.1:9000").flag("--api-inventory-router").doc("The inventory service."))
        .option(Option.string("api.rpc.rpc_router").defaultValue("tcp://127.0.0.1:9001").flag("--api-rpc-router").doc("The RPC frontend."))
        .option(Option.integer("api.paging.limit").defaultValue(250L).doc("Items per page when a request gives no valid limit."))
        .option(Option.decimal("api.timeout").defaultValue(5.0).doc("Seconds a request to the inventory or the RPC frontend waits for its reply; no reply is a 503."))
        .option(
            Option.list("api.auth.tokens")
                .defaultValue(List.of())
                .secret()
                .doc("Accepted X-Auth-Token values, each `<sha256-hex> <role> <name>` (role read-only, operator or admin; make the digest with --hash-token); a digest alone is an operator; empty: no authentication, allowed only when api.host resolves to loopback addresses, and only loopback clients are served."))
        .options(SecuritySettings.options("api"))
        .options(auditStoreOptions())
        .option(AuditTrail.databaseOption())
        .build();
  }

  /** Where the audit trail's MongoDB is: {@code api.audit.database.uri}, {@code .servers} and credentials. */
  private static List<Option<?>> auditStoreOptions() {
    return MongoSettings.options(AUDIT_STORE, AuditTrail.COLLECTION).stream()
        .filter(o -> !o.name().endsWith(".name") && !o.name().endsWith(".collection"))
        .toList();
  }

  public static void main(String[] args) throws InterruptedException, IOException {
    List<String> argv = Arrays.asList(args);
    if (argv.contains("--help")) {
      System.out.println(
          "Usage: mercury-api [-c FILE] [OPTIONS]\n"
              + "       mercury-api --hash-token   (reads a token on stdin, prints its digest for api.auth.tokens)\n\n"
              + spec().markdownTable());
      return;
    }
    if (argv.contains("--hash-token")) {
      String token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (token == null || token.isBlank()) {
        System.err.println(ApiService.NAME + ": --hash-token reads the token from stdin; got nothing");
        System.exit(2);
      }
      System.out.println(TokenAuth.hash(token.strip()));
      return;
    }
    Configuration cfg;
    try {
      cfg = ConfigLoader.load(spec(), args, System.getenv(), Path.of("/proc/cmdline"));
      Logging.configure(ApiService.NAME, cfg);
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println(ApiService.NAME + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    log.info("{}", cfg.describe());
    ServiceRunner runner = new ServiceRunner(ApiService.NAME);
    try {
      Duration timeout = Duration.ofMillis(Math.round(cfg.decimal("api.timeout") * 1000));
      ZContext context = runner.manage(new ZContext());
      TransportSecurity security =
          runner.manage(TransportSecurity.start(ApiService.NAME, SecuritySettings.from(cfg), context, null));
      ServiceClient inventory =
          runner.manage(
              new ServiceClient(
                  context, cfg.string("api.inventory.inventory_router"),
                  ClientSettings.defaults("inventory")
                      .withTimeout(timeout.dividedBy(2))
                      .withRetries(1)
                      .withCurve(security.client("inventory"))));
      ServiceClient rpc =
          runner.manage(
              new ServiceClient(
                  context, cfg.string("api.rpc.rpc_router"),
                  ClientSettings.defaults("rpc")
                      .withTimeout(timeout.dividedBy(2))
                      .withRetries(1)
                      .withCurve(security.client("rpc"))));
      runner.manage(
          ApiService.start(
              new ApiService.Settings(
                  cfg.string("api.host"),
                  Math.toIntExact(cfg.integer("api.port")),
                  cfg.integer("api.paging.limit"),
                  cfg.list("api.auth.tokens"),
                  cfg.list("api.allowed_hosts")),
              new Backend("inventory", inventory),
              new Backend("rpc", rpc),
              auditTrail(cfg, runner)));
    } catch (RuntimeException e) {
      log.error("{} failed to start: {}", ApiService.NAME, e.getMessage(), e);
      runner.stop();
      System.exit(1);
    }
    runner.awaitShutdown();
  }

  /** The audit trail; the store is not required at start, only for changes (refused with 503 without it). */
  private static AuditTrail auditTrail(Configuration cfg, ServiceRunner runner) {
    MongoSettings store =
        new MongoSettings(
            cfg.optionalString(AUDIT_STORE + ".uri").orElse(null),
            cfg.list(AUDIT_STORE + ".servers"),
            cfg.optionalString(AUDIT_STORE + ".replica_name").orElse(null),
            cfg.optionalString(AUDIT_STORE + ".username").orElse(null),
            cfg.optionalString(AUDIT_STORE + ".password").orElse(null),
            cfg.string(AuditTrail.DATABASE_OPTION),
            AuditTrail.COLLECTION);
    MongoClient client = runner.manage(MongoConnector.connect(store));
    log.info("audit trail: {} database {}", MongoConnector.describe(store), store.database());
    return AuditTrail.in(client.getDatabase(store.database()), ApiService.NAME, InstantSource.system());
  }
}
