package io.mercury.cli.client;

import io.mercury.common.codec.MalformedMessageException;
import io.mercury.common.id.MercuryId;
import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.protocol.inventory.BootUpdateReply;
import io.mercury.common.protocol.inventory.InventoryRequest;
import io.mercury.common.protocol.inventory.QueryPage;
import io.mercury.common.protocol.inventory.SortDirection;
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
import java.util.Optional;
import java.util.function.Consumer;
import org.zeromq.ZContext;

/**
 * The CLI's only door to the inventory service (docs/protocol.md, "Inventory service"): {@code get_one}, {@code query} and
 * {@code count}, all read-only and therefore resent on a timeout.
 *
 * <p>The timeout is the longest one call may take: it is split between two attempts, so a request lost
 * on a fresh connection is resent before the operator gives up waiting. Errors come back as
 * {@link ServiceException} with a one-line message. The calls themselves are the typed
 * {@link io.mercury.common.client.InventoryClient}'s; this class adds the CLI's timeouts, device
 * references and paging.
 */
public final class InventoryClient implements AutoCloseable {
  /** Devices per request when paging. */
  static final int PAGE_SIZE = 100;

  private static final String SERVICE = "inventory";
  private static final int ATTEMPTS = 2;

  private final ZContext context;
  private final ServiceClient client;
  private final io.mercury.common.client.InventoryClient inventory;
  private final String endpoint;
  private final CurveClient curve;

  private InventoryClient(String endpoint, Duration timeout, CurveClient curve) {
    this.curve = curve;
    this.endpoint = endpoint;
    this.context = new ZContext();
    this.client =
        new ServiceClient(
            context,
            endpoint,
            ClientSettings.defaults(SERVICE)
                .withTimeout(timeout.dividedBy(ATTEMPTS))
                .withRetries(ATTEMPTS - 1)
                .withCurve(curve)
                .withFailFastWhenRefused());
    this.inventory = new io.mercury.common.client.InventoryClient(client);
  }

  /** A client of the inventory at {@code endpoint}; connecting is lazy, so this never blocks. */
  public static InventoryClient connect(String endpoint, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    return new InventoryClient(endpoint, timeout, null);
  }

  /** As {@link #connect(String, Duration)}, as the CURVE client {@code curve} (null: plaintext). */
  public static InventoryClient connect(String endpoint, Duration timeout, CurveClient curve) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    return new InventoryClient(endpoint, timeout, curve);
  }

  /**
   * The device a reference stands for, limited to {@code fields} when not empty; empty when it is
   * unknown. A reference is a mercury_id, a unique prefix of one, or a host name ({@link #resolve}).
   */
  public Optional<Map<String, Object>> getOne(String reference, List<String> fields)
      throws ServiceException {
    Optional<Map<String, Object>> exact = getOneById(reference, fields);
    if (exact.isPresent() || MercuryId.isValid(reference)) {
      return exact;
    }
    Optional<String> mercuryId = resolve(reference);
    return mercuryId.isEmpty() ? Optional.empty() : getOneById(mercuryId.get(), fields);
  }

  private Optional<Map<String, Object>> getOneById(String mercuryId, List<String> fields) throws ServiceException {
    Map<String, Object> projection = fields.isEmpty() ? null : projection(withMercuryId(fields));
    return call(() -> inventory.getOne(mercuryId, projection));
  }

  /**
   * The mercury_id a device reference stands for: a whole mercury_id as it is; otherwise the device
   * whose id starts with it (as {@code mcli shell} and tables print them) or whose host name
   * ({@code agent_info.hostname}) it is. Empty when no device matches.
   *
   * @throws ServiceException when several devices match, naming them
   */
  public Optional<String> resolve(String reference) throws ServiceException {
    if (MercuryId.isValid(reference)) {
      return Optional.of(reference);
    }
    List<Map<String, Object>> conditions = new ArrayList<>();
    conditions.add(Map.of(HOSTNAME, reference));
    if (ID_PREFIX.matcher(reference).matches()) {
      conditions.add(Map.of("mercury_id", Map.of("$regex", "^" + reference.toLowerCase(java.util.Locale.ROOT))));
    }
    QueryPage page =
        page(new DeviceQuery(Map.of("$or", conditions), List.of("mercury_id", HOSTNAME), DeviceQuery.ID_SORT, false), 5, null);
    List<String> ids = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    for (Map<String, Object> device : page.items()) {
      if (device.get("mercury_id") instanceof String id) {
        ids.add(id);
        Object host = device.get("agent_info") instanceof Map<?, ?> info ? info.get("hostname") : null;
        shown.add(host == null ? id : id + " (" + host + ")");
      }
    }
    if (ids.size() > 1) {
      throw new ServiceException(
          "'" + reference + "' matches " + (page.total() > ids.size() ? page.total() + " devices, among them " : "")
              + String.join(", ", shown) + "; give more of the mercury_id");
    }
    return ids.stream().findFirst();
  }

  /** Sets boot fields ({@code boot.state}, {@code boot.script}) of one device. */
  public BootUpdateReply updateBoot(String mercuryId, Map<String, Object> bootData) throws ServiceException {
    return call(() -> inventory.updateBoot(mercuryId, bootData));
  }

  /** Sets boot fields of every device matching {@code query}. */
  public BootUpdateReply updateBootMany(Map<String, Object> query, Map<String, Object> bootData)
      throws ServiceException {
    return call(() -> inventory.updateBootMany(query, bootData));
  }

  /** How many devices match {@code query}. */
  public long count(Map<String, Object> query) throws ServiceException {
    return call(() -> inventory.count(query));
  }

  /**
   * Fetches up to {@code max} matching devices ({@code 0} = all), handing each page to {@code sink} as
   * it arrives. Sorted by {@code _id}, the results are paged by keyset ({@code offset_id}); sorted by any
   * other field, they come in one request, since a keyset on a field that is not unique would skip
   * devices that share a value.
   *
   * @return how many devices match the query in all
   */
  public long scan(DeviceQuery query, long max, Consumer<QueryPage> sink) throws ServiceException {
    if (max < 0) {
      throw new IllegalArgumentException("max must not be negative, was " + max);
    }
    if (!query.pageable()) {
      QueryPage page = page(query, max, null);
      sink.accept(page);
      return page.total();
    }
    long fetched = 0;
    Object offsetId = null;
    while (true) {
      long want = max == 0 ? PAGE_SIZE : Math.min(PAGE_SIZE, max - fetched);
      QueryPage page = page(query, want, offsetId);
      if (!page.items().isEmpty()) {
        sink.accept(page);
      }
      fetched += page.items().size();
      if (page.items().size() < want || (max > 0 && fetched >= max)) {
        return page.total();
      }
      offsetId = page.items().getLast().get("_id");
      if (offsetId == null) {
        throw new ServiceException("inventory returned devices without _id; cannot page further");
      }
    }
  }

  private QueryPage page(DeviceQuery query, long limit, Object offsetId) throws ServiceException {
    InventoryRequest.Query request =
        new InventoryRequest.Query(
            query.query(),
            query.fields().isEmpty() ? null : projection(query.fields()),
            limit,
            query.sort(),
            query.descending() ? SortDirection.DESCENDING : SortDirection.ASCENDING,
            offsetId);
    return call(() -> inventory.query(request));
  }

  /** One call to the inventory. */
  @FunctionalInterface
  private interface Call<T> {
    T run() throws TransportException, RemoteException, UnexpectedReplyException;
  }

  private <T> T call(Call<T> call) throws ServiceException {
    try {
      return call.run();
    } catch (UnexpectedReplyException e) {
      throw new ServiceException(e.getMessage(), e);
    } catch (RemoteException e) {
      String message = e.getMessage() == null ? "(no message)" : e.getMessage();
      throw new ServiceException(
          "inventory error: " + message.lines().findFirst().orElse(message), e);
    } catch (TransportException e) {
      if (e.getCause() instanceof MalformedMessageException) {
        throw new ServiceException(
            "unreadable reply from inventory at " + endpoint + ": " + e.getCause().getMessage(), e);
      }
      throw new ServiceException(Unreachable.describe(SERVICE, endpoint, e, curve), e);
    }
  }

  private static Map<String, Object> projection(List<String> fields) {
    Map<String, Object> projection = new LinkedHashMap<>();
    fields.forEach(f -> projection.put(f, 1));
    return projection;
  }

  private static List<String> withMercuryId(List<String> fields) {
    if (fields.contains("mercury_id")) {
      return fields;
    }
    List<String> all = new ArrayList<>(fields.size() + 1);
    all.add("mercury_id");
    all.addAll(fields);
    return all;
  }

  /** Where the agent reports the device's host name. */
  static final String HOSTNAME = "agent_info.hostname";

  /** What can start a mercury_id; shorter prefixes than that are not looked up. */
  private static final java.util.regex.Pattern ID_PREFIX = java.util.regex.Pattern.compile("[0-9a-fA-F]{4,41}");

  @Override
  public void close() {
    client.close();
    context.close();
  }
}
