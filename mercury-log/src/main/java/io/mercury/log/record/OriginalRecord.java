package io.mercury.log.record;

import static io.mercury.log.record.StoredFields.JOB_ID;
import static io.mercury.log.record.StoredFields.LEVEL;
import static io.mercury.log.record.StoredFields.LEVELNO;
import static io.mercury.log.record.StoredFields.LOGGER;
import static io.mercury.log.record.StoredFields.MESSAGE;
import static io.mercury.log.record.StoredFields.ORIGIN;
import static io.mercury.log.record.StoredFields.SERVICE;
import static io.mercury.log.record.StoredFields.TASK_ID;
import static io.mercury.log.record.StoredFields.TIME;
import static io.mercury.log.record.StoredFields.TIME_CREATED;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * The original agent's message: a Python log-record attribute dict plus {@code mercury_id}. Required
 * keys are {@code levelno}, {@code pathname}, {@code msg} and {@code name}. As the original does, the
 * whole dict is stored with {@code time_created} (now), and a {@code threadName} of the form
 * {@code _<job_id>_<task_id>} (the original task runner's naming) sets {@code job_id} and {@code task_id}.
 * Added so that these records answer the same queries as ours: {@code time} (from {@code created}),
 * {@code level}, {@code logger}, {@code message} when absent, {@code service} ({@code mercury-agent}) and
 * {@code origin: original}. Keys MongoDB cannot store ({@code $} first, or containing a dot) get those
 * characters replaced by {@code _}. With CURVE on, {@code service} and an agent's {@code mercury_id} are
 * the sender's ({@link SenderIdentity}), whatever the record says. A record's own {@code identity} and
 * {@code claimed} keys are always dropped: only the service sets them.
 */
public final class OriginalRecord {
  static final List<String> REQUIRED = List.of("levelno", "pathname", "msg", "name");
  public static final String DEFAULT_SERVICE = "mercury-agent";

  private OriginalRecord() {}

  /**
   * The document to store.
   *
   * @param sender who sent it, as authenticated
   * @throws InvalidEventException "Invalid message: ..." (the original's reply, with the reason) when a
   *     required key is missing or {@code levelno} is not a number
   */
  public static Document toDocument(Map<?, ?> record, Instant now, SenderIdentity sender) throws InvalidEventException {
    List<String> missing = REQUIRED.stream().filter(k -> record.get(k) == null).toList();
    if (!missing.isEmpty()) {
      throw new InvalidEventException("Invalid message: missing " + String.join(", ", missing));
    }
    if (!(record.get("levelno") instanceof Number levelno)) {
      throw new InvalidEventException("Invalid message: levelno must be a number");
    }
    Document doc = new Document(sanitize(record));
    // before the default service, so that a record naming none is not taken to claim mercury-agent
    sender.stamp(doc);
    doc.put(TIME_CREATED, Date.from(now));
    if (record.get("threadName") instanceof String thread && thread.startsWith("_")) {
      String[] parts = thread.split("_");
      // "_<job>_<task>" splits into ["", job, task], as Python's str.split('_') does
      if (parts.length >= 3) {
        doc.put(JOB_ID, parts[1]);
        doc.put(TASK_ID, parts[2]);
      }
    }
    doc.put(TIME, record.get("created") instanceof Number created ? Date.from(Instant.ofEpochMilli(Math.round(created.doubleValue() * 1000))) : Date.from(now));
    doc.put(LEVEL, record.get("levelname") instanceof String name && Levels.number(name) != null ? Levels.normalized(name) : Levels.nameOf(levelno.longValue()));
    doc.put(LEVELNO, levelno.longValue());
    doc.put(LOGGER, String.valueOf(record.get("name")));
    if (!(record.get("message") instanceof String)) {
      doc.put(MESSAGE, String.valueOf(record.get("msg")));
    }
    if (!(doc.get(SERVICE) instanceof String)) {
      doc.put(SERVICE, DEFAULT_SERVICE);
    }
    doc.put(ORIGIN, "original");
    return doc;
  }

  private static Map<String, Object> sanitize(Map<?, ?> map) {
    Map<String, Object> clean = new LinkedHashMap<>();
    map.forEach((k, v) -> clean.put(key(String.valueOf(k)), value(v)));
    return clean;
  }

  private static Object value(Object v) {
    if (v instanceof Map<?, ?> m) {
      return sanitize(m);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(e -> out.add(value(e)));
      return out;
    }
    if (v instanceof byte[] bytes) {
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
    return v;
  }

  private static String key(String k) {
    String out = k.replace('.', '_');
    return out.startsWith("$") ? "_" + out.substring(1) : out;
  }
}
