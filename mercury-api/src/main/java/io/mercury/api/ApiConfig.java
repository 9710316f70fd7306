package io.mercury.api;

import io.mercury.common.config.ConfigSpec;
import io.mercury.common.config.Configuration;
import io.mercury.common.config.Option;
import io.mercury.common.security.SecuritySettings;
import io.mercury.common.store.MongoSettings;
import io.mercury.common.store.audit.AuditTrail;
import java.time.Duration;
import java.util.List;

/**
 * The HTTP API daemon's configuration, each option declared once in {@link #spec()} and read once in
 * {@link #from(Configuration)}.
 *
 * @param service the HTTP service's own settings (address, paging, tokens, allowed hosts)
 * @param inventoryRouter the inventory service
 * @param rpcRouter the RPC frontend
 * @param timeout how long a request to the inventory or the frontend waits for its reply
 * @param security CURVE mode and keys
 * @param auditStore where the audit trail is (its database is {@code security.database})
 */
public record ApiConfig(
    ApiService.Settings service,
    String inventoryRouter,
    String rpcRouter,
    Duration timeout,
    SecuritySettings security,
    MongoSettings auditStore) {
  private static final String AUDIT_STORE = "api.audit.database";

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
        .option(SecuritySettings.keysRereadOption())
        .build();
  }

  /** Where the audit trail's MongoDB is: {@code api.audit.database.uri}, {@code .servers} and credentials. */
  private static List<Option<?>> auditStoreOptions() {
    return MongoSettings.options(AUDIT_STORE, AuditTrail.COLLECTION).stream()
        .filter(o -> !o.name().endsWith(".name") && !o.name().endsWith(".collection"))
        .toList();
  }

  /**
   * Reads the options of {@link #spec()}.
   *
   * @throws IllegalArgumentException on a malformed token or allowed host, or without tokens on an
   *     {@code api.host} that is not loopback (the checks {@link ApiService#start} makes)
   */
  public static ApiConfig from(Configuration cfg) {
    ApiService.Settings service =
        new ApiService.Settings(
            cfg.string("api.host"),
            cfg.int32("api.port"),
            cfg.integer("api.paging.limit"),
            cfg.list("api.auth.tokens"),
            cfg.list("api.allowed_hosts"));
    if (!TokenAuth.of(service.tokens()).enabled()) {
      Loopback.requireBindHost(service.host());
    }
    AllowedHosts.of(service.allowedHosts(), service.host());
    return new ApiConfig(
        service,
        cfg.string("api.inventory.inventory_router"),
        cfg.string("api.rpc.rpc_router"),
        cfg.seconds("api.timeout"),
        SecuritySettings.from(cfg),
        new MongoSettings(
            cfg.optionalString(AUDIT_STORE + ".uri").orElse(null),
            cfg.list(AUDIT_STORE + ".servers"),
            cfg.optionalString(AUDIT_STORE + ".replica_name").orElse(null),
            cfg.optionalString(AUDIT_STORE + ".username").orElse(null),
            cfg.optionalString(AUDIT_STORE + ".password").orElse(null),
            cfg.string(AuditTrail.DATABASE_OPTION),
            AuditTrail.COLLECTION));
  }
}
