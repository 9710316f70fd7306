package io.mercury.log.store;

import com.mongodb.client.model.Filters;
import io.mercury.common.protocol.log.EventFilter;
import io.mercury.common.protocol.log.EventOrder;
import io.mercury.common.protocol.log.LogRequest.QueryLogs;
import io.mercury.log.record.StoredFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * What to read back: every set filter must match. {@code minLevel} is a level number (events at or above
 * it), {@code text} is a case-insensitive substring of the message, {@code since} inclusive and
 * {@code until} exclusive. Results are newest first unless {@code oldestFirst}; at most {@code limit}.
 *
 * @param mercuryId device, or null
 * @param jobId job, or null
 * @param taskId task, or null
 * @param service service name, or null
 * @param minLevel lowest level number, or null
 * @param since earliest time, or null
 * @param until time before which events are taken, or null
 * @param text message substring, or null
 * @param afterSeq only events with a larger sequence number, or null
 * @param identity the {@code identity} mark ({@code mismatch}), or null
 * @param limit most events returned, 1 to {@link #MAX_LIMIT}
 * @param oldestFirst ascending time order (a job's trace)
 */
public record LogQuery(
    String mercuryId,
    String jobId,
    String taskId,
    String service,
    Integer minLevel,
    Instant since,
    Instant until,
    String text,
    Long afterSeq,
    String identity,
    int limit,
    boolean oldestFirst) {
  public static final int MAX_LIMIT = QueryLogs.MAX_LIMIT;

  public LogQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
  }

  /** The store's query for a {@code query_logs} request. */
  public static LogQuery of(QueryLogs request) {
    EventFilter f = request.filter();
    return new LogQuery(
        f.mercuryId(),
        f.jobId(),
        f.taskId(),
        f.service(),
        f.level() == null ? null : f.level().number(),
        f.since(),
        f.until(),
        f.text(),
        f.afterSeq(),
        f.identity(),
        request.limit(),
        request.order() == EventOrder.OLDEST_FIRST);
  }

  Bson filter() {
    List<Bson> all = new ArrayList<>();
    eq(all, StoredFields.MERCURY_ID, mercuryId);
    eq(all, StoredFields.JOB_ID, jobId);
    eq(all, StoredFields.TASK_ID, taskId);
    eq(all, StoredFields.SERVICE, service);
    eq(all, StoredFields.IDENTITY, identity);
    if (minLevel != null) {
      all.add(Filters.gte(StoredFields.LEVELNO, minLevel.longValue()));
    }
    if (since != null) {
      all.add(Filters.gte(StoredFields.TIME, Date.from(since)));
    }
    if (until != null) {
      all.add(Filters.lt(StoredFields.TIME, Date.from(until)));
    }
    if (text != null && !text.isEmpty()) {
      all.add(Filters.regex(StoredFields.MESSAGE, Pattern.quote(text), "i"));
    }
    if (afterSeq != null) {
      all.add(Filters.gt(StoredFields.SEQ, afterSeq));
    }
    return all.isEmpty() ? new Document() : Filters.and(all);
  }

  private static void eq(List<Bson> all, String field, String value) {
    if (value != null) {
      all.add(Filters.eq(field, value));
    }
  }
}
