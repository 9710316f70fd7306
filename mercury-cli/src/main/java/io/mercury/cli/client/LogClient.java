package io.mercury.cli.client;

import io.mercury.common.protocol.Request;
import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.protocol.log.EventFilter;
import io.mercury.common.protocol.log.EventOrder;
import io.mercury.common.protocol.log.LogRequest;
import io.mercury.common.protocol.log.StoredEvent;
import io.mercury.common.security.CurveClient;
import io.mercury.common.transport.ClientSettings;
import io.mercury.common.transport.RemoteException;
import io.mercury.common.transport.ServiceClient;
import io.mercury.common.transport.Subscriber;
import io.mercury.common.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zeromq.ZContext;

/**
 * The CLI's door to the log service: {@code query_logs} (through the typed {@link
 * io.mercury.common.client.LogClient}) and {@code query_audit} (idempotent, two attempts within the
 * timeout) and the follow stream. Errors come back as {@link ServiceException} with a one-line message.
 */
public final class LogClient implements AutoCloseable {
  private static final Pattern TCP = Pattern.compile("tcp://(.+):(\\d+)");

  private final ZContext context = new ZContext();
  private final ServiceClient client;
  private final String endpoint;
  private final CurveClient curve;
  private final io.mercury.common.client.LogClient logs;

  private LogClient(String endpoint, Duration timeout, CurveClient curve) {
    this.endpoint = endpoint;
    this.client =
        new ServiceClient(
            context, endpoint, ClientSettings.defaults("log").withTimeout(timeout.dividedBy(2)).withRetries(1).withCurve(curve)
                .withFailFastWhenRefused());
    this.curve = curve;
    this.logs = new io.mercury.common.client.LogClient(client);
  }

  /** A client of the log service at {@code endpoint}; connecting is lazy, so this never blocks. */
  public static LogClient connect(String endpoint, Duration timeout) {
    return new LogClient(endpoint, timeout, null);
  }

  /**
   * As {@link #connect(String, Duration)}, as the CURVE client {@code curve} (null: plaintext); the
   * follow stream subscribes with the same key.
   */
  public static LogClient connect(String endpoint, Duration timeout, CurveClient curve) {
    return new LogClient(endpoint, timeout, curve);
  }

  /** At most {@code limit} events matching {@code filter}, in {@code order}. */
  public List<StoredEvent> query(EventFilter filter, int limit, EventOrder order) throws ServiceException {
    try {
      return logs.queryLogs(new LogRequest.QueryLogs(filter, limit, order)).events();
    } catch (UnexpectedReplyException e) {
      throw new ServiceException("log service at " + endpoint + " sent an unreadable query reply", e);
    } catch (RemoteException | TransportException e) {
      throw failure(e);
    }
  }

  /** Audit records matching {@code filter} (the service's audit filter keys), newest first. */
  public List<Map<String, Object>> audit(Map<String, Object> filter, int limit) throws ServiceException {
    Object reply = call(new Request("query_audit", List.of(filter, (long) limit), Map.of()));
    if (!(reply instanceof Map<?, ?> m) || !(m.get("records") instanceof List<?> records)) {
      throw new ServiceException("log service at " + endpoint + " sent an unreadable audit reply");
    }
    List<Map<String, Object>> out = new ArrayList<>(records.size());
    for (Object r : records) {
      out.add(record(r));
    }
    return out;
  }

  /** One audit record (a map; anything else reads as an empty one). */
  @SuppressWarnings("unchecked") // msgpack maps have string keys
  private static Map<String, Object> record(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /**
   * Subscribes to the stream of new events. The service reports its PUB address as it bound it; a
   * loopback or wildcard host there is replaced by the host this client reaches the service at.
   */
  public Subscriber follow() throws ServiceException {
    try {
      return new Subscriber(context, reachable(logs.followAddress()), curve);
    } catch (UnexpectedReplyException e) {
      throw new ServiceException("log service at " + endpoint + " did not say where to follow it", e);
    } catch (RemoteException | TransportException e) {
      throw failure(e);
    }
  }

  private String reachable(String address) {
    Matcher pub = TCP.matcher(address);
    Matcher router = TCP.matcher(endpoint);
    if (pub.matches() && router.matches()) {
      String host = pub.group(1);
      if (host.equals("*") || host.equals("0.0.0.0") || host.equals("127.0.0.1") || host.equals("localhost")) {
        return "tcp://" + router.group(1) + ":" + pub.group(2);
      }
    }
    return address;
  }

  private Object call(Request request) throws ServiceException {
    try {
      return client.invoke(request, true);
    } catch (RemoteException | TransportException e) {
      throw failure(e);
    }
  }

  private ServiceException failure(Exception e) {
    if (e instanceof TransportException t) {
      return new ServiceException(Unreachable.describe("the log service", endpoint, t, curve), t);
    }
    String message = e.getMessage() == null ? "(no message)" : e.getMessage();
    return new ServiceException("log service error: " + message.lines().findFirst().orElse(message), e);
  }

  @Override
  public void close() {
    client.close();
    context.close();
  }
}
