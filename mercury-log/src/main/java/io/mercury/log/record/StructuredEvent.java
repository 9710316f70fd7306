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

import io.mercury.common.protocol.log.LogEvent;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/**
 * The document stored for one event of a {@code log_batch} (a {@link LogEvent}, read by {@code
 * io.mercury.common.protocol.log.LogWire}): {@code time}, {@code time_created}, {@code level}, {@code
 * levelno}, {@code message}, the optional fields that are set, and {@code origin: mercury}. With CURVE
 * on, {@code service} and an agent's {@code mercury_id} are the sender's ({@link SenderIdentity}),
 * whatever the event says.
 */
public final class StructuredEvent {
  private StructuredEvent() {}

  /**
   * The document to store.
   *
   * @param sender who sent it, as authenticated
   */
  public static Document toDocument(LogEvent event, Instant now, SenderIdentity sender) {
    Document doc = new Document();
    doc.put(TIME, Date.from(event.time()));
    doc.put(TIME_CREATED, Date.from(now));
    doc.put(LEVEL, event.level().name());
    doc.put(LEVELNO, (long) event.level().number());
    doc.put(MESSAGE, event.message());
    put(doc, SERVICE, event.service());
    put(doc, VERSION, event.version());
    put(doc, HOST, event.host());
    put(doc, MERCURY_ID, event.mercuryId());
    put(doc, JOB_ID, event.jobId());
    put(doc, TASK_ID, event.taskId());
    put(doc, LOGGER, event.logger());
    put(doc, THREAD, event.thread());
    put(doc, EXCEPTION, event.exception());
    sender.stamp(doc);
    doc.put(ORIGIN, "mercury");
    return doc;
  }

  private static void put(Document doc, String field, String value) {
    if (value != null) {
      doc.put(field, value);
    }
  }
}
