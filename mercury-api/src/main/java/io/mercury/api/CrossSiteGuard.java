package io.mercury.api;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses what a web page can make a browser send here, before authentication and before any route:
 *
 * <ul>
 *   <li>a {@code Host} that is not one of {@link AllowedHosts} (DNS rebinding): 421, or 400 without one;
 *   <li>on a change (any method but GET, HEAD, OPTIONS and TRACE), an {@code Origin} that is not one of
 *       the allowed names, over http or https: 403;
 *   <li>on a change, a {@code Content-Type} other than {@code application/json}: 415. A page can send
 *       {@code text/plain}, a form or multipart to another site without asking it first; JSON needs a
 *       CORS preflight, which this API never grants.
 * </ul>
 */
final class CrossSiteGuard {
  private static final Logger log = LoggerFactory.getLogger(CrossSiteGuard.class);
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
  private static final String JSON = "application/json";
  private static final int MAX_ECHO = 100;

  private final AllowedHosts hosts;

  CrossSiteGuard(AllowedHosts hosts) {
    this.hosts = hosts;
  }

  void check(Context ctx) {
    int port = ctx.req().getLocalPort();
    String host = ctx.header("Host");
    if (host == null || host.isBlank()) {
      throw new ApiError(400, "the request has no Host header");
    }
    if (!hosts.allowsHost(host, port)) {
      log.warn("{} {} from {} refused: Host '{}' is not in api.allowed_hosts", ctx.method(), ctx.path(), ctx.ip(), echo(host));
      throw new ApiError(421, "Host '" + echo(host) + "' is not one of the names this API answers to (api.allowed_hosts)");
    }
    String method = ctx.req().getMethod();
    if (SAFE_METHODS.contains(method)) {
      return;
    }
    String origin = ctx.header("Origin");
    if (origin != null && !hosts.allowsOrigin(origin, port)) {
      log.warn("{} {} from {} refused: Origin '{}' is not an allowed origin", method, ctx.path(), ctx.ip(), echo(origin));
      throw new ApiError(
          403, "Origin '" + echo(origin) + "' may not change anything here: only pages served under api.allowed_hosts may");
    }
    String type = ctx.header("Content-Type");
    if (type == null || !mediaType(type).equals(JSON)) {
      throw new ApiError(
          415, method + " needs Content-Type: application/json, got " + (type == null ? "none" : "'" + echo(type) + "'"));
    }
  }

  /** The type and subtype, without parameters such as {@code charset}. */
  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  /** A header value as the error repeats it: at most 100 characters. */
  private static String echo(String value) {
    return value.length() <= MAX_ECHO ? value : value.substring(0, MAX_ECHO) + "…";
  }
}
