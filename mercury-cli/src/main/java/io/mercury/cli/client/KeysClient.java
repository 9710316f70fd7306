package io.mercury.cli.client;

import io.mercury.common.protocol.Request;
import io.mercury.common.security.CurveClient;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zeromq.ZContext;

/**
 * The CLI's door to the backend's key endpoints: {@code list_keys}, {@code set_key_status} and {@code
 * create_enrolment_token}. Only the listing is retried; a status change or a token is asked for once.
 * Errors come back as {@link ServiceException} with a one-line message.
 */
public final class KeysClient implements AutoCloseable {
  private final ZContext context = new ZContext();
  /** Reads are resent: their attempts share --timeout, so mcli waits as long as it says. */
  private final ServiceClient reads;
  /** Changes are sent once, with the whole --timeout (a CURVE handshake in a fresh JVM takes its share). */
  private final ServiceClient writes;
  private final String endpoint;
  private final CurveClient curve;
  private static final int READ_ATTEMPTS = 3;

  private KeysClient(String endpoint, Duration timeout, CurveClient curve) {
    this.endpoint = endpoint;
    ClientSettings settings = ClientSettings.defaults("backend").withCurve(curve).withFailFastWhenRefused();
    this.reads =
        new ServiceClient(
            context, endpoint, settings.withTimeout(timeout.dividedBy(READ_ATTEMPTS)).withRetries(READ_ATTEMPTS - 1));
    this.writes = new ServiceClient(context, endpoint, settings.withTimeout(timeout).withRetries(0));
    this.curve = curve;
  }

  /**
   * A client of the backend at {@code endpoint}, CURVE when {@code curve} is not null; connecting is
   * lazy, so this never blocks.
   */
  public static KeysClient connect(String endpoint, Duration timeout, CurveClient curve) {
    return new KeysClient(endpoint, timeout, curve);
  }

  /** The keys, all or those with {@code status} (null: all), oldest first. */
  public List<Map<String, Object>> list(String status) throws ServiceException {
    Map<String, Object> kwargs = new LinkedHashMap<>();
    kwargs.put("status", status);
    Object reply = call(new Request("list_keys", List.of(), kwargs), true);
    if (!(reply instanceof Map<?, ?> m) || !(m.get("keys") instanceof List<?> keys)) {
      throw new ServiceException("the backend at " + endpoint + " sent an unreadable list_keys reply");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object k : keys) {
      out.add(Documents.map(k));
    }
    return out;
  }

  /** {@code set_key_status}: {@code {changed, unchanged, errors}} as the backend reports them. */
  public Map<String, Object> setStatus(List<String> keys, String status) throws ServiceException {
    Object reply = call(new Request("set_key_status", List.of(keys, status), Map.of()), false);
    if (!(reply instanceof Map<?, ?>)) {
      throw new ServiceException("the backend at " + endpoint + " sent an unreadable set_key_status reply");
    }
    return Documents.map(reply);
  }

  /** {@code create_enrolment_token}: {@code {token, id, expires_at, uses}}. */
  public Map<String, Object> createToken(Duration ttl, long uses) throws ServiceException {
    Object reply =
        call(new Request("create_enrolment_token", List.of(), Map.of("ttl_seconds", ttl.toMillis() / 1000.0, "uses", uses)), false);
    if (!(reply instanceof Map<?, ?> m) || !(m.get("token") instanceof String)) {
      throw new ServiceException("the backend at " + endpoint + " sent no token");
    }
    return Documents.map(reply);
  }

  private Object call(Request request, boolean idempotent) throws ServiceException {
    try {
      return (idempotent ? reads : writes).invoke(request, idempotent);
    } catch (RemoteException e) {
      String message = e.getMessage() == null ? "(no message)" : e.getMessage();
      throw new ServiceException("backend error: " + message.lines().findFirst().orElse(message), e);
    } catch (TransportException e) {
      throw new ServiceException(Unreachable.describe("the backend", endpoint, e, curve), e);
    }
  }

  @Override
  public void close() {
    reads.close();
    writes.close();
    context.close();
  }
}
