package io.mercury.common.security;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZAuth;
import org.zeromq.ZContext;
import org.zeromq.ZMsg;

/**
 * The ZAP handler of one {@link ZContext}: authorises each new CURVE connection against the allow-list of
 * the server it is made to. There must be exactly one per context (ZeroMQ routes every ZAP request of a
 * context to one handler), so a daemon creates it right after its context, before binding any CURVE
 * server, and gets one {@link CurveServer} per server socket from {@link #server}. Servers are told
 * apart by their ZAP domain.
 *
 * <p>An accepted connection carries the client's Z85 public key as its ZAP user id, which ZeroMQ attaches
 * to every message as the {@code User-Id} property. A refused one is closed during the handshake, so the
 * client gets nothing; the refusal is logged at WARN (once a minute per key and server).
 */
public final class ZapAuthenticator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ZapAuthenticator.class);
  private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Map<String, AllowList> domains = new ConcurrentHashMap<>();
  private final Map<String, Long> lastWarned = new ConcurrentHashMap<>();
  private final ZAuth auth;

  public ZapAuthenticator(ZContext context) {
    this.auth = new ZAuth(context, "mercury-zap", Map.of("CURVE", new CurveAuth()));
  }

  /**
   * A CURVE server configuration for the server named {@code name} (its ZAP domain), authorised by
   * {@code allowList}. Registering a name again (a server restarted in the same context) replaces its
   * allow-list.
   */
  public CurveServer server(String name, CurveKeyPair key, AllowList allowList) {
    domains.put(name, allowList);
    return new CurveServer(key, name, allowList);
  }

  private final class CurveAuth implements ZAuth.Auth {
    @Override
    public boolean configure(ZMsg configuration, boolean verbose) {
      return true;
    }

    @Override
    public boolean authorize(ZAuth.ZapRequest request, boolean verbose) {
      AllowList list = domains.get(request.domain);
      Optional<Caller> caller = list == null ? Optional.empty() : list.caller(request.clientKey, request.address);
      if (caller.isPresent()) {
        request.userId = request.clientKey;
        log.debug(
            "{}: accepted CURVE key {} ({}) from {}",
            request.domain,
            CurveKeyPair.fingerprint(request.clientKey),
            caller.get().name(),
            request.address);
        return true;
      }
      String key = request.domain + "/" + request.clientKey;
      long now = System.nanoTime();
      Long last = lastWarned.get(key);
      if (last == null || now - last > WARN_EVERY_NANOS) {
        if (lastWarned.size() > 10_000) {
          lastWarned.clear(); // a flood of made-up keys must not grow memory
        }
        lastWarned.put(key, now);
        log.warn(
            "{}: denied connection from {} with CURVE key {}: {}",
            request.domain,
            request.address,
            request.clientKey,
            list == null ? "no such CURVE server" : "key is not accepted (unknown, pending, rejected or revoked)");
      }
      return false;
    }
  }

  @Override
  public void close() {
    auth.close();
  }
}
