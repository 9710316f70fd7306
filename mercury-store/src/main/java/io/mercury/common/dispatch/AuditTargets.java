package io.mercury.common.dispatch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.json.JsonWriterSettings;

/**
 * What an audited call was about, derived from its arguments and reply so that every audited endpoint
 * gets targets without code of its own: scalar arguments as they are (ids, names), maps (a query, boot
 * data, an instruction) as JSON text, lists of up to {@value #MAX_LIST} strings as they are and longer
 * ones as a count; of the reply, its scalar fields (a job id, a count). Everything is capped in size.
 */
final class AuditTargets {
  /** What the trail records instead of a credential. */
  static final String REDACTED = "[secret]";
  private static final int MAX_TEXT = 500;
  private static final int MAX_LIST = 20;
  private static final int MAX_FIELDS = 20;

  private static final JsonWriterSettings JSON = JsonWriterSettings.builder().maxLength(MAX_TEXT + 1).build();

  private AuditTargets() {}

  static Map<String, Object> of(Endpoint endpoint, BoundArgs args) {
    Map<String, Object> targets = new LinkedHashMap<>();
    for (Param p : endpoint.params()) {
      Object v = args.get(p.name());
      if (v == null) {
        continue;
      }
      if (p.secret()) {
        targets.put(p.name(), REDACTED);
        continue;
      }
      switch (v) {
        case String s -> targets.put(p.name(), cap(s));
        case Number n -> targets.put(p.name(), n);
        case Boolean b -> targets.put(p.name(), b);
        case Map<?, ?> m -> targets.put(p.name(), cap(json(m)));
        case List<?> l when l.size() <= MAX_LIST && l.stream().allMatch(String.class::isInstance) ->
            targets.put(p.name(), l.stream().map(o -> cap((String) o)).toList());
        case List<?> l -> targets.put(p.name() + "_count", (long) l.size());
        default -> targets.put(p.name(), cap(String.valueOf(v)));
      }
    }
    return targets;
  }

  static Map<String, Object> result(Endpoint endpoint, Object reply) {
    Map<String, Object> result = new LinkedHashMap<>();
    if (reply instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (result.size() == MAX_FIELDS) {
          break;
        }
        if (e.getKey() instanceof String key && !key.contains(".") && !key.startsWith("$")) {
          if (endpoint.secretReplyFields().contains(key)) {
            result.put(key, REDACTED);
            continue;
          }
          switch (e.getValue()) {
            case String s -> result.put(key, cap(s));
            case Number n -> result.put(key, n);
            case Boolean b -> result.put(key, b);
            case null, default -> {}
          }
        }
      }
    } else if (reply instanceof String || reply instanceof Number || reply instanceof Boolean) {
      result.put("value", reply instanceof String s ? cap(s) : reply);
    }
    return result;
  }

  private static String json(Map<?, ?> m) {
    try {
      Document d = new Document();
      m.forEach((k, v) -> d.append(String.valueOf(k), v));
      // stops writing at the cap: a device document of many kilobytes is not written out to be cut
      return d.toJson(JSON);
    } catch (RuntimeException e) {
      return String.valueOf(m);
    }
  }

  private static String cap(String s) {
    return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
  }
}
