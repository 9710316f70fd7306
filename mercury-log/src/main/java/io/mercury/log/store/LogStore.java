package io.mercury.log.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.mercury.log.record.StoredFields;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code logs} collection, the only Mongo code of the log service. Every stored event gets the next
 * sequence number ({@code seq}, continuing from the largest stored at start; one log service per
 * collection). Retention: {@link #sweep} deletes events older than the retention, and a TTL index on
 * {@code time} does the same on a real MongoDB. The size cap is enforced, not hoped for: after every
 * {@link #checkEvery()} stored events (and at each sweep) the oldest events over {@code maxDocuments} are
 * deleted, so the collection never holds more than {@code maxDocuments + checkEvery()} events (counted
 * with the collection's document count, which a real MongoDB keeps in its metadata).
 */
public final class LogStore {
  private static final Logger log = LoggerFactory.getLogger(LogStore.class);

  private final MongoCollection<Document> logs;
  private final InstantSource clock;
  private final Duration retention;
  private final long maxDocuments;
  private final long checkEvery;
  private final AtomicLong seq = new AtomicLong();
  private final AtomicLong sinceCheck = new AtomicLong();

  public LogStore(MongoCollection<Document> logs, InstantSource clock, Duration retention, long maxDocuments) {
    if (maxDocuments < 1) {
      throw new IllegalArgumentException("maxDocuments must be positive, was " + maxDocuments);
    }
    this.logs = logs;
    this.clock = clock;
    this.retention = retention;
    this.maxDocuments = maxDocuments;
    this.checkEvery = Math.max(1, Math.min(1000, maxDocuments / 100));
    Document last = logs.find().sort(Sorts.descending(StoredFields.SEQ)).limit(1).first();
    seq.set(last == null || !(last.get(StoredFields.SEQ) instanceof Number n) ? 0 : n.longValue());
  }

  /** Indexes for the queries, and the TTL index (ignored by stores that do not support it). */
  public void ensureIndexes() {
    logs.createIndex(Indexes.descending(StoredFields.SEQ));
    logs.createIndex(Indexes.compoundIndex(Indexes.ascending(StoredFields.JOB_ID), Indexes.ascending(StoredFields.TIME)));
    logs.createIndex(Indexes.compoundIndex(Indexes.ascending(StoredFields.MERCURY_ID), Indexes.ascending(StoredFields.TIME)));
    logs.createIndex(Indexes.ascending(StoredFields.TASK_ID));
    try {
      logs.createIndex(
          Indexes.ascending(StoredFields.TIME),
          new IndexOptions().expireAfter(retention.toSeconds(), TimeUnit.SECONDS).name("retention"));
    } catch (RuntimeException e) {
      log.info("no TTL index on this store ({}); the sweeper alone applies the retention", e.getMessage());
      logs.createIndex(Indexes.ascending(StoredFields.TIME));
    }
  }

  /** Numbers and stores the documents in order; returns them as stored (with {@code seq}). */
  public List<Document> insert(List<Document> docs) {
    if (docs.isEmpty()) {
      return docs;
    }
    List<Document> numbered = new ArrayList<>(docs.size());
    synchronized (this) {
      for (Document d : docs) {
        d.put(StoredFields.SEQ, seq.incrementAndGet());
        numbered.add(d);
      }
      logs.insertMany(numbered);
    }
    if (sinceCheck.addAndGet(docs.size()) >= checkEvery) {
      sinceCheck.set(0);
      enforceCap();
    }
    return numbered;
  }

  /** Events matching the query, newest first (or oldest first), without {@code _id}. */
  public List<Document> find(LogQuery query) {
    var order =
        query.oldestFirst()
            ? Sorts.ascending(StoredFields.TIME, StoredFields.SEQ)
            : Sorts.descending(StoredFields.TIME, StoredFields.SEQ);
    List<Document> out = new ArrayList<>();
    logs.find(query.filter()).projection(new Document("_id", 0)).sort(order).limit(query.limit()).into(out);
    return out;
  }

  /** Deletes events older than the retention and those over the cap; returns how many went. */
  public long sweep() {
    Date cutoff = Date.from(clock.instant().minus(retention));
    long expired = logs.deleteMany(new Document(StoredFields.TIME, new Document("$lt", cutoff))).getDeletedCount();
    return expired + enforceCap();
  }

  /** Deletes the oldest events (by sequence) beyond {@code maxDocuments}; returns how many. */
  public synchronized long enforceCap() {
    long count = logs.estimatedDocumentCount();
    if (count <= maxDocuments) {
      return 0;
    }
    long excess = count - maxDocuments;
    Document edge =
        logs.find()
            .projection(new Document(StoredFields.SEQ, 1))
            .sort(Sorts.ascending(StoredFields.SEQ))
            .skip(Math.toIntExact(excess - 1))
            .limit(1)
            .first();
    if (edge == null) {
      return 0;
    }
    long deleted =
        logs.deleteMany(new Document(StoredFields.SEQ, new Document("$lte", edge.get(StoredFields.SEQ)))).getDeletedCount();
    log.info("size cap of {} events: deleted the {} oldest", maxDocuments, deleted);
    return deleted;
  }

  public long checkEvery() {
    return checkEvery;
  }

  public long count() {
    return logs.countDocuments();
  }
}
