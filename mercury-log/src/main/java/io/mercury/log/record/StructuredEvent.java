package io.mercury.log.record;

import static io.mercury.log.record.StoredFields.EXCEPTION;
import static io.mercury.log.record.StoredFields.HOST;
import static io.mercury.log.record.StoredFields.JOB_ID;
import static io.mercury.log.record.StoredFields.LEVEL;
import static io.mercury.log.record.StoredFields.LEVELNO;
import static io.mercury.log.record.StoredFields.LOGGER;
import static io.mercury.log.record.StoredFields.MERCURY_ID;
import static io.mercury.log.record.StoredFields.MESSAGE;
import static io.mercury.log.record.StoredFields.ORIGIN;
import static io.mercury.log.record.StoredFields.SERVICE;
import static io.mercury.log.record.StoredFields.TASK_ID;
import static io.mercury.log.record.StoredFields.THREAD;
import static io.mercury.log.record.StoredFields.TIME;
import static io.mercury.log.record.StoredFields.TIME_CREATED;
import static io.mercury.log.record.StoredFields.VERSION;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * One event of a {@code log_batch} (the wire form of {@code io.mercury.common.logging.LogEventWire}): a
 * map with {@code time} (epoch seconds), {@code level} and {@code message}, and the optional string
 * fields {@code service}, {@code version}, {@code host}, {@code mercury_id}, {@code job_id},
 * {@code task_id}, {@code logger}, {@code thread}, {@code exception}. Other keys are ignored, so a
 * newer sender still gets its known fields stored. With CURVE on, {@code service} and an agent's {@code
 * mercury_id} are the sender's ({@link SenderIdentity}), whatever the event says.
 */
public final class StructuredEvent {
  static final List<String> TEXT_FIELDS =
      List.of(SERVICE, VERSION, HOST, MERCURY_ID, JOB_ID, TASK_ID, LOGGER, THREAD, EXCEPTION);

  private StructuredEvent() {}

  /**
   * The document to store.
   *
   * @param sender who sent it, as authenticated
   * @throws InvalidEventException naming the first field that is missing or of the wrong type
   */
  public static Document toDocument(Object event, Instant now, SenderIdentity sender) throws InvalidEventException {
    if (!(event instanceof Map<?, ?> map)) {
      throw new InvalidEventException("event is not a map");
    }
    if (!(map.get(TIME) instanceof Number time)) {
      throw new InvalidEventException("time must be epoch seconds (a number)");
    }
    if (!(map.get(LEVEL) instanceof String level) || Levels.number(level) == null) {
      throw new InvalidEventException("level must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL");
    }
    if (!(map.get(MESSAGE) instanceof String message)) {
      throw new InvalidEventException("message must be a string");
    }
    Document doc = new Document();
    doc.put(TIME, new Date(Math.round(time.doubleValue() * 1000)));
    doc.put(TIME_CREATED, Date.from(now));
    doc.put(LEVEL, Levels.normalized(level));
    doc.put(LEVELNO, Levels.number(level).longValue());
    doc.put(MESSAGE, message);
    for (String field : TEXT_FIELDS) {
      Object value = map.get(field);
      if (value == null) {
        continue;
      }
      if (!(value instanceof String)) {
        throw new InvalidEventException(field + " must be a string");
      }
      doc.put(field, value);
    }
    sender.stamp(doc);
    doc.put(ORIGIN, "mercury");
    return doc;
  }
}
