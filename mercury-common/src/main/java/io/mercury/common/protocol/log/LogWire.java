package io.mercury.common.protocol.log;

import io.mercury.common.protocol.Request;
import io.mercury.common.protocol.UnexpectedReplyException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one mapper between the log service's records and its wire maps, with the original field names.
 * Requests take the form Mercury's clients have always sent: every argument positional. The server
 * reads events and query arguments strictly, naming the first problem ({@link InvalidLogMessageException});
 * clients read replies and stored events leniently, since stored documents vary (original records keep
 * every key they came with).
 */
public final class LogWire {
  private static final String SERVICE = "log";
  /** A structured event's optional text fields, in the order they are checked and stored. */
  private static final List<String> EVENT_TEXT_FIELDS =
      List.of("service", "version", "host", "mercury_id", "job_id", "task_id", "logger", "thread", "exception");
  private static final Set<String> FILTER_KEYS =
      Set.of("mercury_id", "job_id", "task_id", "service", "level", "since", "until", "text", "after_seq", "identity");

  private LogWire() {}

  /** The request that carries {@code request}. */
  public static Request request(LogRequest request) {
    String endpoint = request.endpoint().wireName();
    return switch (request) {
      case LogRequest.LogBatch r -> Request.of(endpoint, r.events().stream().map(LogWire::toWire).toList());
      case LogRequest.QueryLogs r ->
          new Request(endpoint, List.of(toWire(r.filter()), (long) r.limit(), r.order().wireName()), Map.of());
      case LogRequest.FollowAddress r -> Request.of(endpoint);
    };
  }

  /**
   * {@code {"time", "level", "logger", "thread", "message", "service", "version", "host", "mercury_id",
   * "job_id", "task_id", "exception"}}, absent fields left out.
   */
  public static Map<String, Object> toWire(LogEvent event) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("time", event.time().toEpochMilli() / 1000.0);
    wire.put("level", event.level().name());
    put(wire, "logger", event.logger());
    put(wire, "thread", event.thread());
    wire.put("message", event.message());
    put(wire, "service", event.service());
    put(wire, "version", event.version());
    put(wire, "host", event.host());
    put(wire, "mercury_id", event.mercuryId());
    put(wire, "job_id", event.jobId());
    put(wire, "task_id", event.taskId());
    put(wire, "exception", event.exception());
    return wire;
  }

  /**
   * One event of a {@code log_batch}: {@code time}, {@code level} and {@code message} are required, the
   * other known fields must be strings when present, unknown keys are ignored (a newer sender still gets
   * its known fields stored).
   *
   * @throws InvalidLogMessageException naming the first field that is missing or of the wrong type
   */
  public static LogEvent event(Object wire) throws InvalidLogMessageException {
    if (!(wire instanceof Map<?, ?> map)) {
      throw new InvalidLogMessageException("event is not a map");
    }
    if (!(map.get("time") instanceof Number time)) {
      throw new InvalidLogMessageException("time must be epoch seconds (a number)");
    }
    LogLevel level = map.get("level") instanceof String name ? LogLevel.parse(name).orElse(null) : null;
    if (level == null) {
      throw new InvalidLogMessageException("level must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL");
    }
    if (!(map.get("message") instanceof String message)) {
      throw new InvalidLogMessageException("message must be a string");
    }
    Map<String, String> text = new LinkedHashMap<>();
    for (String field : EVENT_TEXT_FIELDS) {
      Object value = map.get(field);
      if (value != null && !(value instanceof String)) {
        throw new InvalidLogMessageException(field + " must be a string");
      }
      text.put(field, (String) value);
    }
    return new LogEvent(
        seconds(time.doubleValue()),
        level,
        message,
        text.get("service"),
        text.get("version"),
        text.get("host"),
        text.get("logger"),
        text.get("thread"),
        text.get("mercury_id"),
        text.get("job_id"),
        text.get("task_id"),
        text.get("exception"));
  }

  /**
   * The filter's wire map: {@code job_id, task_id, mercury_id, service, level, text, since, until,
   * after_seq, identity}, only those set (the order mcli has always sent them in).
   */
  public static Map<String, Object> toWire(EventFilter filter) {
    Map<String, Object> wire = new LinkedHashMap<>();
    put(wire, "job_id", filter.jobId());
    put(wire, "task_id", filter.taskId());
    put(wire, "mercury_id", filter.mercuryId());
    put(wire, "service", filter.service());
    put(wire, "level", filter.level() == null ? null : filter.level().name());
    put(wire, "text", filter.text());
    put(wire, "since", filter.since() == null ? null : filter.since().toEpochMilli() / 1000.0);
    put(wire, "until", filter.until() == null ? null : filter.until().toEpochMilli() / 1000.0);
    put(wire, "after_seq", filter.afterSeq());
    put(wire, "identity", filter.identity());
    return wire;
  }

  /**
   * The arguments of {@code query_logs} as the server bound them.
   *
   * @throws InvalidLogMessageException for an unknown filter key, a bad limit, order, level or filter value
   */
  public static LogRequest.QueryLogs queryLogs(Map<String, Object> filter, long limit, String order)
      throws InvalidLogMessageException {
    for (String key : filter.keySet()) {
      if (!FILTER_KEYS.contains(key)) {
        throw new InvalidLogMessageException(
            "unknown filter '" + key + "' (known: " + String.join(", ", new TreeSet<>(FILTER_KEYS)) + ")");
      }
    }
    int max = LogRequest.QueryLogs.MAX_LIMIT;
    if (limit < 1 || limit > max) {
      throw new InvalidLogMessageException("limit must be between 1 and " + max + ", was " + limit);
    }
    EventOrder eventOrder = switch (order) {
      case "asc" -> EventOrder.OLDEST_FIRST;
      case "desc" -> EventOrder.NEWEST_FIRST;
      default -> throw new InvalidLogMessageException("order must be asc or desc, was '" + order + "'");
    };
    LogLevel level = null;
    if (filter.get("level") != null) {
      level = LogLevel.parse(text(filter, "level")).orElse(null);
      if (level == null) {
        throw new InvalidLogMessageException(
            "level must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, was '" + filter.get("level") + "'");
      }
    }
    // checked in the order the service has always reported them
    String mercuryId = text(filter, "mercury_id");
    String jobId = text(filter, "job_id");
    String taskId = text(filter, "task_id");
    String service = text(filter, "service");
    Instant since = time(filter, "since");
    Instant until = time(filter, "until");
    String text = text(filter, "text");
    Long afterSeq = filter.get("after_seq") == null ? null : (long) number(filter, "after_seq");
    String identity = text(filter, "identity");
    EventFilter f = new EventFilter(mercuryId, jobId, taskId, service, identity, level, since, until, text, afterSeq);
    return new LogRequest.QueryLogs(f, (int) limit, eventOrder);
  }

  /** {@code {"stored": n, "rejected": [{"index", "reason"}]}}. */
  public static Map<String, Object> toWire(LogBatchReply reply) {
    List<Map<String, Object>> rejected = new ArrayList<>(reply.rejected().size());
    for (LogBatchReply.Rejection r : reply.rejected()) {
      Map<String, Object> wire = new LinkedHashMap<>();
      wire.put("index", r.index());
      wire.put("reason", r.reason());
      rejected.add(wire);
    }
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("stored", reply.stored());
    wire.put("rejected", rejected);
    return wire;
  }

  /** The reply of {@code log_batch}; a missing {@code rejected} is none. */
  public static LogBatchReply logBatchReply(Object message) throws UnexpectedReplyException {
    Map<?, ?> map = map(LogEndpoint.LOG_BATCH, message);
    if (!(map.get("stored") instanceof Number stored)) {
      throw unexpected(LogEndpoint.LOG_BATCH, message);
    }
    List<LogBatchReply.Rejection> rejected = new ArrayList<>();
    if (map.get("rejected") instanceof List<?> list) {
      for (Object item : list) {
        Map<?, ?> r = map(LogEndpoint.LOG_BATCH, item);
        if (!(r.get("index") instanceof Number index)) {
          throw unexpected(LogEndpoint.LOG_BATCH, item);
        }
        rejected.add(new LogBatchReply.Rejection(index.longValue(), String.valueOf(r.get("reason"))));
      }
    } else if (map.get("rejected") != null) {
      throw unexpected(LogEndpoint.LOG_BATCH, message);
    }
    return new LogBatchReply(stored.longValue(), rejected);
  }

  /** {@code {"events": [stored documents], "count": n}}. */
  public static Map<String, Object> toWire(QueryLogsReply reply) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("events", reply.events().stream().map(StoredEvent::document).toList());
    wire.put("count", reply.count());
    return wire;
  }

  /** The reply of {@code query_logs}; {@code events} is required, a missing {@code count} is its size. */
  public static QueryLogsReply queryLogsReply(Object message) throws UnexpectedReplyException {
    Map<?, ?> map = map(LogEndpoint.QUERY_LOGS, message);
    if (!(map.get("events") instanceof List<?> raw)) {
      throw unexpected(LogEndpoint.QUERY_LOGS, message);
    }
    List<StoredEvent> events = new ArrayList<>(raw.size());
    for (Object item : raw) {
      events.add(storedEvent(map(LogEndpoint.QUERY_LOGS, item)));
    }
    long count = map.get("count") instanceof Number n ? n.longValue() : events.size();
    return new QueryLogsReply(events, count);
  }

  /** The reply of {@code follow_address}: the PUB address. */
  public static String followAddress(Object message) throws UnexpectedReplyException {
    if (message instanceof String address) {
      return address;
    }
    throw unexpected(LogEndpoint.FOLLOW_ADDRESS, message);
  }

  /**
   * A stored document (from {@code query_logs}, the follow stream or the service's store), read
   * leniently: a known field of another type reads as its text, or as null for numbers.
   */
  @SuppressWarnings("unchecked")
  public static StoredEvent storedEvent(Map<?, ?> document) {
    Map<String, Object> doc = (Map<String, Object>) document;
    return new StoredEvent(
        doc.get("seq") instanceof Number n ? n.longValue() : 0,
        epochSeconds(doc.get("time")),
        string(doc, "level"),
        doc.get("levelno") instanceof Number n ? n.intValue() : null,
        string(doc, "message"),
        string(doc, "service"),
        string(doc, "mercury_id"),
        string(doc, "job_id"),
        string(doc, "task_id"),
        string(doc, "exception"),
        string(doc, "identity"),
        doc.get("claimed"),
        doc);
  }

  /** Epoch seconds on the wire; a date in a document the service read from its store. */
  private static Double epochSeconds(Object time) {
    if (time instanceof Number n) {
      return n.doubleValue();
    }
    return time instanceof Date d ? d.toInstant().toEpochMilli() / 1000.0 : null;
  }

  private static String string(Map<String, Object> doc, String key) {
    Object v = doc.get(key);
    return v == null ? null : String.valueOf(v);
  }

  private static Instant seconds(double seconds) {
    return Instant.ofEpochMilli(Math.round(seconds * 1000));
  }

  private static String text(Map<String, Object> f, String key) throws InvalidLogMessageException {
    Object v = f.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new InvalidLogMessageException("filter " + key + " must be a string");
    }
    return s;
  }

  private static Instant time(Map<String, Object> f, String key) throws InvalidLogMessageException {
    return f.get(key) == null ? null : seconds(number(f, key));
  }

  private static double number(Map<String, Object> f, String key) throws InvalidLogMessageException {
    if (!(f.get(key) instanceof Number n)) {
      throw new InvalidLogMessageException("filter " + key + " must be a number");
    }
    return n.doubleValue();
  }

  private static void put(Map<String, Object> wire, String key, Object value) {
    if (value != null) {
      wire.put(key, value);
    }
  }

  private static Map<?, ?> map(LogEndpoint endpoint, Object message) throws UnexpectedReplyException {
    if (message instanceof Map<?, ?> map) {
      return map;
    }
    throw unexpected(endpoint, message);
  }

  private static UnexpectedReplyException unexpected(LogEndpoint endpoint, Object message) {
    return new UnexpectedReplyException(SERVICE, endpoint.wireName(), message);
  }
}
