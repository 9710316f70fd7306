package io.mercury.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.mercury.common.store.audit.AuditTrail;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API server (docs/protocol.md, "HTTP API"): the original {@code mercury-api} routes over the inventory and
 * the RPC frontend. Every error is {@code {"error": true, "message": ...}} with its status: 400 a bad
 * body, 401 no or a wrong {@code X-Auth-Token} (when tokens are configured), 404 an unknown id or path,
 * 403 a token whose role is too weak for the route, or a change from a foreign {@code Origin}, 405 a
 * known path with another method, 415 a change whose body is not {@code application/json}, 421 a
 * {@code Host} not in {@code api.allowed_hosts} ({@link CrossSiteGuard}), 503 a backing service that
 * does not answer or an audit trail that cannot be written, 500 anything else. Reads need
 * role read-only, changes (jobs, boot states and scripts) operator; changes and refusals are audited.
 * Each request is logged with the client, method, URL, status and time.
 */
public final class ApiService implements AutoCloseable {
  public static final String NAME = "mercury-api";
  private static final Logger log = LoggerFactory.getLogger(ApiService.class);

  private final Javalin app;

  private ApiService(Javalin app) {
    this.app = app;
  }

  /**
   * Starts the server.
   *
   * @param settings where to listen, the paging default and the accepted tokens
   * @param inventory client of the inventory service
   * @param rpc client of the RPC frontend
   * @param audit where changes and refusals are recorded
   */
  public static ApiService start(Settings settings, Backend inventory, Backend rpc, AuditTrail audit) {
    TokenAuth auth = TokenAuth.of(settings.tokens());
    auth.legacyNames()
        .forEach(n -> log.warn("api.auth.tokens: {} is a digest without role and name; it is treated as an operator"
            + " (write '<digest> <role> <name>' to say so)", n));
    if (!auth.enabled()) {
      Loopback.requireBindHost(settings.host());
    }
    AllowedHosts hosts = AllowedHosts.of(settings.allowedHosts(), settings.host());
    CrossSiteGuard crossSite = new CrossSiteGuard(hosts);
    ComputerRoutes computers = new ComputerRoutes(inventory, settings.defaultLimit());
    RpcRoutes jobs = new RpcRoutes(rpc);
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.router.ignoreTrailingSlashes = true;
              cfg.http.prefer405over404 = true;
              cfg.routes.before(crossSite::check);
              if (auth.enabled()) {
                cfg.routes.before(auth::check);
              } else {
                cfg.routes.before(Loopback::requirePeer);
              }
              GuardedRoutes routes = new GuardedRoutes(cfg.routes, audit);
              computers.register(routes);
              jobs.register(routes);
              cfg.routes.exception(ApiError.class, (e, ctx) -> envelope(ctx, e.status(), e.getMessage()));
              cfg.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    if (e instanceof java.nio.charset.IllegalCharsetNameException || e instanceof java.nio.charset.UnsupportedCharsetException) {
                      envelope(ctx, 400, "the Content-Type names a charset that is not supported: " + e.getMessage());
                      return;
                    }
                    if (readingTheBodyFailed(e)) {
                      log.warn("{} {} from {}: the request body could not be read: {}", ctx.method(), ctx.path(), ctx.ip(), e.toString());
                      envelope(ctx, 400, "the request body could not be read (shorter than its Content-Length, or too slow)");
                      return;
                    }
                    // the client gets no exception text: it can name internals; the log has it all
                    log.error("{} {} failed", ctx.method(), ctx.path(), e);
                    envelope(ctx, 500, "internal error; the API's log has the details");
                  });
              cfg.routes.error(404, ctx -> defaultEnvelope(ctx, "no such path: " + ctx.path()));
              cfg.routes.error(405, ctx -> defaultEnvelope(ctx, "method " + ctx.method() + " is not allowed on " + ctx.path()));
              cfg.routes.error(500, ctx -> defaultEnvelope(ctx, "internal error"));
              cfg.requestLogger.http(
                  (ctx, ms) ->
                      log.info(
                          "{} {} {} {} {} ms",
                          ctx.ip(),
                          ctx.method(),
                          ctx.fullUrl(),
                          ctx.statusCode(),
                          Math.round(ms)));
            });
    app.start(settings.host(), settings.port());
    log.info(
        "{} listening on http://{}:{} (authentication {}; answers to Host {})",
        NAME, settings.host(), app.port(), auth.enabled() ? "by X-Auth-Token" : "off, loopback only", hosts.describe(app.port()));
    return new ApiService(app);
  }

  public int port() {
    return app.port();
  }

  /** An I/O failure while reading the request: the client sent less than it announced, or stalled. */
  private static boolean readingTheBodyFailed(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  private static void envelope(Context ctx, int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", true);
    body.put("message", message);
    ctx.status(status).json(body);
  }

  /** Javalin's own 404/405/500 answers get the envelope; an envelope already written stays. */
  private static void defaultEnvelope(Context ctx, String message) {
    String written = ctx.result();
    if (written != null && written.startsWith("{\"error\":true")) {
      return;
    }
    envelope(ctx, ctx.statusCode(), message);
  }

  @Override
  public void close() {
    app.stop();
  }

  /**
   * Where and how the API serves.
   *
   * @param host address to listen on
   * @param port port, 0 for an ephemeral one
   * @param defaultLimit page size when {@code limit} is absent or invalid
   * @param tokens the accepted tokens, each {@code <sha256-hex> <role> <name>} or the digest alone (an
   *     operator); empty: no authentication, which is allowed only when {@code host} resolves to loopback
   *     addresses, and then only loopback peers are served
   * @param allowedHosts the names requests may carry in {@code Host} and {@code Origin} ({@link
   *     AllowedHosts}); empty: {@code host}, {@code localhost}, {@code 127.0.0.1} and {@code [::1]}
   */
  public record Settings(String host, int port, long defaultLimit, List<String> tokens, List<String> allowedHosts) {
    public Settings {
      tokens = List.copyOf(tokens);
      allowedHosts = List.copyOf(allowedHosts);
    }

    /** With the default allowed hosts. */
    public Settings(String host, int port, long defaultLimit, List<String> tokens) {
      this(host, port, defaultLimit, tokens, List.of());
    }
  }
}
