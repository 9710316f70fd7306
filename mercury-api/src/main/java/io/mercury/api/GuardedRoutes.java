package io.mercury.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.mercury.common.dispatch.Access;
import io.mercury.common.security.Caller;
import io.mercury.common.store.audit.AuditException;
import io.mercury.common.store.audit.AuditRecord.Outcome;
import io.mercury.common.store.audit.AuditRecord.Who;
import io.mercury.common.store.audit.AuditTrail;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers routes, each with the {@link Access} it needs, and enforces it on every request: a token
 * whose role is too weak gets 403 {@code Permission denied: <METHOD path> needs role <x>; <name> has <y>}.
 * Without tokens configured (loopback only) every route is open, as every ZeroMQ endpoint is with CURVE
 * off. Calls of audited routes are written to the audit trail before they run and completed after; if
 * the trail cannot be written the call is refused with 503 (fail closed). Refusals with 403 are audited
 * too; 401s are not (an unknown party could otherwise fill the trail), they are logged.
 */
final class GuardedRoutes {
  private static final Logger log = LoggerFactory.getLogger(GuardedRoutes.class);
  private static final int MAX_BODY = 500;

  private final JavalinDefaultRoutingApi routes;
  private final AuditTrail audit;

  GuardedRoutes(JavalinDefaultRoutingApi routes, AuditTrail audit) {
    this.routes = routes;
    this.audit = audit;
  }

  void get(String path, Access access, Handler handler) {
    routes.get(path, guard("GET " + path, access, handler));
  }

  void post(String path, Access access, Handler handler) {
    routes.post(path, guard("POST " + path, access, handler));
  }

  void delete(String path, Access access, Handler handler) {
    routes.delete(path, guard("DELETE " + path, access, handler));
  }

  /** The caller of a request: its token's holder, or unauthenticated when no tokens are configured. */
  static Caller caller(Context ctx) {
    TokenAuth.Token token = ctx.attribute(TokenAuth.HOLDER);
    return token == null ? Caller.unauthenticated() : new Caller(token.name(), null, token.role());
  }

  private Handler guard(String action, Access access, Handler handler) {
    return ctx -> {
      Caller caller = caller(ctx);
      Who who = ctx.attribute(TokenAuth.HOLDER) == null ? Who.of(caller) : Who.token(caller.name(), caller.role());
      if (!access.allows(caller)) {
        String refusal = access.refusal(action, caller);
        log.warn("{} refused: {}", action, refusal);
        try {
          audit.record(who, action, targets(ctx), Outcome.DENIED, refusal);
        } catch (AuditException e) {
          log.error("{}: the refusal of {} was not audited: {}", action, caller.name(), e.getMessage());
        }
        throw new ApiError(403, refusal);
      }
      if (!access.audited()) {
        handler.handle(ctx);
        return;
      }
      String id;
      try {
        id = audit.begin(who, action, targets(ctx));
      } catch (AuditException e) {
        log.error("{} refused, it could not be audited: {}", action, e.getMessage());
        throw new ApiError(503, action + " refused: " + e.getMessage());
      }
      try {
        handler.handle(ctx);
        int status = ctx.statusCode();
        audit.finish(id, status < 400 ? Outcome.OK : Outcome.ERROR, "", Map.of("status", (long) status));
      } catch (ApiError e) {
        audit.finish(id, Outcome.ERROR, e.getMessage(), Map.of("status", (long) e.status()));
        throw e;
      } catch (Exception e) {
        audit.finish(id, Outcome.ERROR, String.valueOf(e.getMessage()), Map.of("status", 500L));
        throw e;
      }
    };
  }

  private static Map<String, Object> targets(Context ctx) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("path", ctx.path());
    t.put("client", ctx.ip());
    String body = ctx.body();
    if (!body.isBlank()) {
      t.put("body", body.length() <= MAX_BODY ? body : body.substring(0, MAX_BODY) + "…");
    }
    return t;
  }
}
