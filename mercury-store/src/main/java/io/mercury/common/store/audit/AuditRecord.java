package io.mercury.common.store.audit;

import io.mercury.common.security.Caller;
import io.mercury.common.security.Role;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.bson.Document;

/**
 * One entry of the audit trail (collection {@code audit} of the security database):
 * {@code {_id, time, who: {name, public_key|token_name, role}, service, action, targets, outcome, detail}}.
 *
 * @param id the document id (a random UUID)
 * @param time when the call arrived
 * @param who who made it
 * @param service the daemon that did (or refused) it
 * @param action the endpoint or HTTP route
 * @param targets what it was about: scalar arguments (job id, mercury_id), a query as JSON text, sizes
 *     of other arguments, and under {@code result} the scalar fields of the reply (job id, counts)
 * @param outcome ok, denied or error
 * @param detail the refusal or error message; empty when ok
 */
public record AuditRecord(
    String id,
    Instant time,
    Who who,
    String service,
    String action,
    Map<String, Object> targets,
    Outcome outcome,
    String detail) {

  public AuditRecord {
    Objects.requireNonNull(id, "id is null");
    Objects.requireNonNull(time, "time is null");
    Objects.requireNonNull(who, "who is null");
    Objects.requireNonNull(service, "service is null");
    Objects.requireNonNull(action, "action is null");
    targets = targets == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    Objects.requireNonNull(outcome, "outcome is null");
    detail = detail == null ? "" : detail;
  }

  /** How a call ended. */
  public enum Outcome {
    OK,
    DENIED,
    ERROR;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code ok}, {@code denied} or {@code error} (case-insensitive). */
    public static Outcome parse(String text) {
      for (Outcome o : values()) {
        if (o.wireName().equalsIgnoreCase(text.trim())) {
          return o;
        }
      }
      throw new IllegalArgumentException("unknown outcome '" + text + "' (expected ok, denied or error)");
    }
  }

  /**
   * Who made a call: a CURVE key's name and key, or an HTTP token's name.
   *
   * @param name the key's or token's name ({@code unauthenticated} when CURVE is off)
   * @param publicKey Z85 public key, or null
   * @param tokenName the HTTP API token's name, or null
   * @param role the caller's role (wire spelling)
   */
  public record Who(String name, String publicKey, String tokenName, String role) {
    public Who {
      Objects.requireNonNull(name, "name is null");
      Objects.requireNonNull(role, "role is null");
    }

    /** A ZeroMQ caller. */
    public static Who of(Caller caller) {
      return new Who(caller.name(), caller.publicKey(), null, caller.role().wireName());
    }

    /** An HTTP API caller identified by a token. */
    public static Who token(String tokenName, Role role) {
      return new Who(tokenName, null, tokenName, role.wireName());
    }

    Document toDocument() {
      Document d = new Document("name", name);
      if (publicKey != null) {
        d.append("public_key", publicKey);
      }
      if (tokenName != null) {
        d.append("token_name", tokenName);
      }
      return d.append("role", role);
    }

    static Who fromDocument(Document d) {
      return new Who(
          d.getString("name"), d.getString("public_key"), d.getString("token_name"), d.getString("role"));
    }
  }

  /** The stored document. */
  public Document toDocument() {
    return new Document("_id", id)
        .append("time", Date.from(time))
        .append("who", who.toDocument())
        .append("service", service)
        .append("action", action)
        .append("targets", new Document(targets))
        .append("outcome", outcome.wireName())
        .append("detail", detail);
  }

  /** Reads a stored document back. */
  public static AuditRecord fromDocument(Document d) {
    Document targets = d.get("targets", Document.class);
    return new AuditRecord(
        d.getString("_id"),
        d.getDate("time").toInstant(),
        Who.fromDocument(d.get("who", Document.class)),
        d.getString("service"),
        d.getString("action"),
        targets == null ? Map.of() : plain(targets),
        Outcome.parse(d.getString("outcome")),
        d.getString("detail"));
  }

  /** The wire form for the query endpoint: {@code time} as epoch seconds, maps for who and targets. */
  public Map<String, Object> toWire() {
    Map<String, Object> w = new LinkedHashMap<>();
    w.put("id", id);
    w.put("time", time.toEpochMilli() / 1000.0);
    Map<String, Object> whoMap = new LinkedHashMap<>(who.toDocument());
    w.put("who", whoMap);
    w.put("service", service);
    w.put("action", action);
    w.put("targets", targets);
    w.put("outcome", outcome.wireName());
    w.put("detail", detail);
    return w;
  }

  private static Map<String, Object> plain(Document d) {
    Map<String, Object> m = new LinkedHashMap<>();
    d.forEach((k, v) -> m.put(k, v instanceof Document inner ? plain(inner) : v instanceof Integer i ? (long) i : v));
    return m;
  }
}
