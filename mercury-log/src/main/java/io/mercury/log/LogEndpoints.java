package io.mercury.log;

import io.mercury.common.dispatch.Access;
import io.mercury.common.dispatch.BoundArgs;
import io.mercury.common.dispatch.EndpointException;
import io.mercury.common.dispatch.EndpointRegistry;
import io.mercury.common.dispatch.Param;
import io.mercury.common.dispatch.ParamType;
import io.mercury.common.protocol.log.InvalidLogMessageException;
import io.mercury.common.protocol.log.LogRequest.QueryLogs;
import io.mercury.common.protocol.log.LogWire;
import io.mercury.common.protocol.log.QueryLogsReply;
import io.mercury.common.protocol.log.StoredEvent;
import io.mercury.common.security.KeyDirectory;
import io.mercury.common.store.audit.AuditQuery;
import io.mercury.common.store.audit.AuditRecord;
import io.mercury.common.store.audit.AuditTrail;
import io.mercury.log.record.InvalidEventException;
import io.mercury.log.store.LogQuery;
import io.mercury.log.store.LogStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The log service's endpoints. {@code log_batch(events)} stores structured events under the identity
 * of the caller ({@link io.mercury.log.record.SenderIdentity}). {@code query_logs(filter, limit=100,
 * order="desc")} reads them back: {@code filter} may hold {@code mercury_id}, {@code job_id}, {@code
 * task_id}, {@code service}, {@code level} (the lowest level shown), {@code since}, {@code until} (epoch
 * seconds), {@code text} (message contains, case-insensitive), {@code after_seq} and {@code identity}
 * ({@code mismatch}: records that claimed another sender than the authenticated one); the reply is
 * {@code {events: [...], count: n}}. {@code follow_address()} is the PUB address followers subscribe to.
 * {@code query_audit(filter={}, limit=100)} reads the audit trail, newest first: {@code filter} may hold
 * {@code who}, {@code action}, {@code service}, {@code outcome} (ok, denied, error) and {@code since},
 * {@code until} (epoch seconds); {@code limit} is 1 to 1000; the reply is {@code {records: [...], count:
 * n}}.
 */
final class LogEndpoints {
  private static final Set<String> AUDIT_FILTER_KEYS = Set.of("who", "action", "service", "outcome", "since", "until");

  /** Who may send log records: agents and every Mercury daemon (each stamped with its own identity). */
  static final Access SENDERS = Access.AGENT.forDaemons(KeyDirectory.SERVICES.toArray(String[]::new));

  private LogEndpoints() {}

  static EndpointRegistry registry(LogIngest ingest, LogStore store, String followAddress, AuditTrail audit) {
    return new EndpointRegistry()
        .register(
            "log_batch",
            LogEndpoints.SENDERS,
            args -> {
              try {
                return LogWire.toWire(ingest.batch(args.list("events"), args.caller()));
              } catch (InvalidEventException e) {
                throw new EndpointException(e.getMessage());
              }
            },
            Param.required("events", ParamType.LIST))
        .register(
            "query_logs",
            Access.READ,
            args -> {
              List<StoredEvent> events = store.find(query(args)).stream().map(LogWire::storedEvent).toList();
              return LogWire.toWire(QueryLogsReply.of(events));
            },
            Param.optional("filter", ParamType.MAP, Map.of()),
            Param.optional("limit", ParamType.INTEGER, (long) QueryLogs.DEFAULT_LIMIT),
            Param.optional("order", ParamType.STRING, "desc"))
        .register("follow_address", Access.READ, args -> followAddress)
        .register(
            "query_audit",
            Access.READ,
            args -> {
              List<Map<String, Object>> records = audit.find(auditQuery(args)).stream().map(AuditRecord::toWire).toList();
              return Map.of("records", records, "count", (long) records.size());
            },
            Param.optional("filter", ParamType.MAP, Map.of()),
            Param.optional("limit", ParamType.INTEGER, (long) AuditQuery.DEFAULT_LIMIT));
  }

  static AuditQuery auditQuery(BoundArgs args) {
    Map<String, Object> f = args.map("filter");
    for (String key : f.keySet()) {
      if (!AUDIT_FILTER_KEYS.contains(key)) {
        throw new EndpointException(
            "unknown filter '" + key + "' (known: " + String.join(", ", new java.util.TreeSet<>(AUDIT_FILTER_KEYS)) + ")");
      }
    }
    long limit = args.integer("limit");
    if (limit < 1 || limit > AuditQuery.MAX_LIMIT) {
      throw new EndpointException("limit must be between 1 and " + AuditQuery.MAX_LIMIT + ", was " + limit);
    }
    AuditRecord.Outcome outcome = null;
    if (f.get("outcome") != null) {
      try {
        outcome = AuditRecord.Outcome.parse(text(f, "outcome"));
      } catch (IllegalArgumentException e) {
        throw new EndpointException(e.getMessage());
      }
    }
    return new AuditQuery(
        text(f, "who"), text(f, "action"), text(f, "service"), outcome, time(f, "since"), time(f, "until"), (int) limit);
  }

  static LogQuery query(BoundArgs args) {
    try {
      return LogQuery.of(LogWire.queryLogs(args.map("filter"), args.integer("limit"), args.string("order")));
    } catch (InvalidLogMessageException e) {
      throw new EndpointException(e.getMessage());
    }
  }

  private static String text(Map<String, Object> f, String key) {
    Object v = f.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new EndpointException("filter " + key + " must be a string");
    }
    return s;
  }

  private static Instant time(Map<String, Object> f, String key) {
    if (f.get(key) == null) {
      return null;
    }
    double seconds = number(f, key);
    return Instant.ofEpochMilli(Math.round(seconds * 1000));
  }

  private static double number(Map<String, Object> f, String key) {
    if (!(f.get(key) instanceof Number n)) {
      throw new EndpointException("filter " + key + " must be a number");
    }
    return n.doubleValue();
  }
}
