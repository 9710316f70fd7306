package io.mercury.common.protocol.keys;

import io.mercury.common.protocol.Request;
import io.mercury.common.protocol.UnexpectedReplyException;
import io.mercury.common.security.KeyKind;
import io.mercury.common.security.KeyStatus;
import io.mercury.common.security.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one mapper between the key administration records and their wire maps, with the original field
 * names. Requests take the form mcli has always sent: {@code list_keys} and {@code
 * create_enrolment_token} by keyword, {@code set_key_status} positional. Times are epoch seconds (floats,
 * millisecond precision).
 */
public final class KeyWire {
  private static final String SERVICE = "backend";

  private KeyWire() {}

  /** The request that carries {@code request}. */
  public static Request request(KeyRequest request) {
    String endpoint = request.endpoint().wireName();
    return switch (request) {
      case KeyRequest.ListKeys r -> {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("status", r.status());
        yield new Request(endpoint, List.of(), kwargs);
      }
      case KeyRequest.SetKeyStatus r -> new Request(endpoint, List.of(r.keys(), r.status()), Map.of());
      case KeyRequest.CreateEnrolmentToken r -> {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("ttl_seconds", r.ttlSeconds());
        kwargs.put("uses", r.uses());
        if (r.mac() != null) {
          kwargs.put("mac", r.mac());
        }
        yield new Request(endpoint, List.of(), kwargs);
      }
    };
  }

  /**
   * The references of {@code set_key_status} as the server bound them.
   *
   * @throws IllegalArgumentException when one is not a string
   */
  public static List<String> references(List<?> keys) {
    List<String> refs = new ArrayList<>(keys.size());
    for (Object key : keys) {
      if (!(key instanceof String ref)) {
        throw new IllegalArgumentException("keys must be a list of strings");
      }
      refs.add(ref);
    }
    return refs;
  }

  /**
   * {@code {"public_key", "fingerprint", "name", "kind", "role", "status", "mercury_id", "hostname",
   * "address", "created_at", "updated_at", "updated_by"}}, and {@code "conflict"} when set.
   */
  public static Map<String, Object> toWire(KeyListing key) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("public_key", key.publicKey());
    wire.put("fingerprint", key.fingerprint());
    wire.put("name", key.name());
    wire.put("kind", key.kind().wireName());
    wire.put("role", key.role().wireName());
    wire.put("status", key.status().wireName());
    wire.put("mercury_id", key.mercuryId());
    wire.put("hostname", key.hostname());
    wire.put("address", key.address());
    wire.put("created_at", seconds(key.createdAt()));
    wire.put("updated_at", seconds(key.updatedAt()));
    wire.put("updated_by", key.updatedBy());
    if (key.conflict() != null) {
      wire.put("conflict", key.conflict());
    }
    return wire;
  }

  /** The reply of {@code list_keys}: {@code {"keys": [...]}}. */
  public static Map<String, Object> listReply(List<KeyListing> keys) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("keys", keys.stream().map(KeyWire::toWire).toList());
    return wire;
  }

  /** {@code {"changed", "unchanged", "errors": [{"key", "error"}]}}. */
  public static Map<String, Object> toWire(KeyStatusReply reply) {
    List<Map<String, Object>> errors = new ArrayList<>(reply.errors().size());
    for (KeyStatusReply.KeyError e : reply.errors()) {
      Map<String, Object> wire = new LinkedHashMap<>();
      wire.put("key", e.key());
      wire.put("error", e.error());
      errors.add(wire);
    }
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("changed", reply.changed().stream().map(KeyWire::toWire).toList());
    wire.put("unchanged", reply.unchanged().stream().map(KeyWire::toWire).toList());
    wire.put("errors", errors);
    return wire;
  }

  /** {@code {"token", "id", "expires_at", "uses"}}, and {@code "mac"} when the token is for one. */
  public static Map<String, Object> toWire(EnrolmentToken token) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("token", token.token());
    wire.put("id", token.id());
    wire.put("expires_at", seconds(token.expiresAt()));
    wire.put("uses", token.uses());
    if (token.mac() != null) {
      wire.put("mac", token.mac());
    }
    return wire;
  }

  /** The reply of {@code list_keys}. */
  public static List<KeyListing> keyList(Object message) throws UnexpectedReplyException {
    Map<?, ?> map = map(KeyEndpoint.LIST_KEYS, message);
    return listings(KeyEndpoint.LIST_KEYS, map.get("keys"), message);
  }

  /** The reply of {@code set_key_status}; a missing list is empty. */
  public static KeyStatusReply keyStatusReply(Object message) throws UnexpectedReplyException {
    KeyEndpoint endpoint = KeyEndpoint.SET_KEY_STATUS;
    Map<?, ?> map = map(endpoint, message);
    List<KeyStatusReply.KeyError> errors = new ArrayList<>();
    for (Object item : list(endpoint, map.get("errors"), message)) {
      Map<?, ?> e = map(endpoint, item);
      if (!(e.get("key") instanceof String key) || !(e.get("error") instanceof String error)) {
        throw unexpected(endpoint, item);
      }
      errors.add(new KeyStatusReply.KeyError(key, error));
    }
    return new KeyStatusReply(
        listings(endpoint, map.get("changed"), message), listings(endpoint, map.get("unchanged"), message), errors);
  }

  /** The reply of {@code create_enrolment_token}; {@code token} is required. */
  public static EnrolmentToken enrolmentToken(Object message) throws UnexpectedReplyException {
    KeyEndpoint endpoint = KeyEndpoint.CREATE_ENROLMENT_TOKEN;
    Map<?, ?> map = map(endpoint, message);
    if (!(map.get("token") instanceof String token)) {
      throw unexpected(endpoint, message);
    }
    return new EnrolmentToken(
        token,
        text(map.get("id")),
        time(map.get("expires_at")),
        map.get("uses") instanceof Number n ? n.longValue() : 0,
        text(map.get("mac")));
  }

  /** One key of a reply; {@code kind}, {@code role} and {@code status} are required, the rest may be absent. */
  public static KeyListing listing(KeyEndpoint endpoint, Object message) throws UnexpectedReplyException {
    Map<?, ?> map = map(endpoint, message);
    try {
      return new KeyListing(
          text(map.get("public_key")),
          text(map.get("fingerprint")),
          text(map.get("name")),
          KeyKind.parse(text(map.get("kind"))),
          Role.parse(text(map.get("role"))),
          KeyStatus.parse(text(map.get("status"))),
          text(map.get("mercury_id")),
          text(map.get("hostname")),
          text(map.get("address")),
          time(map.get("created_at")),
          time(map.get("updated_at")),
          text(map.get("updated_by")),
          text(map.get("conflict")));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw unexpected(endpoint, message);
    }
  }

  private static List<KeyListing> listings(KeyEndpoint endpoint, Object raw, Object message) throws UnexpectedReplyException {
    List<KeyListing> out = new ArrayList<>();
    for (Object item : list(endpoint, raw, message)) {
      out.add(listing(endpoint, item));
    }
    return out;
  }

  private static List<?> list(KeyEndpoint endpoint, Object raw, Object message) throws UnexpectedReplyException {
    if (raw == null && endpoint != KeyEndpoint.LIST_KEYS) {
      return List.of();
    }
    if (raw instanceof List<?> list) {
      return list;
    }
    throw unexpected(endpoint, message);
  }

  private static Double seconds(Instant t) {
    return t == null ? null : t.toEpochMilli() / 1000.0;
  }

  private static Instant time(Object seconds) {
    return seconds instanceof Number n ? Instant.ofEpochMilli(Math.round(n.doubleValue() * 1000)) : null;
  }

  private static String text(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  private static Map<?, ?> map(KeyEndpoint endpoint, Object message) throws UnexpectedReplyException {
    if (message instanceof Map<?, ?> map) {
      return map;
    }
    throw unexpected(endpoint, message);
  }

  private static UnexpectedReplyException unexpected(KeyEndpoint endpoint, Object message) {
    return new UnexpectedReplyException(SERVICE, endpoint.wireName(), message);
  }
}
