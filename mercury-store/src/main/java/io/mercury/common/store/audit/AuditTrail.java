package io.mercury.common.store.audit;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.mercury.common.config.Option;
import io.mercury.common.store.CombiningWriter;
import io.mercury.common.store.audit.AuditRecord.Outcome;
import io.mercury.common.store.audit.AuditRecord.Who;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of one daemon: collection {@code audit} of the security database. Writes are
 * synchronous and acknowledged; the writes of concurrent calls go to the store together, in one ordered
 * bulk write ({@link CombiningWriter}), so a registration storm audited call by call costs the store a
 * command per batch, not two per call.
 *
 * <p>An allowed action is recorded in two steps: {@link #begin} stores the record <em>before</em> the
 * action runs, with outcome {@code error} and the detail {@link #UNFINISHED}, and {@link #finish} sets the
 * real outcome afterwards. If {@code begin} cannot write, it throws {@link AuditException} and the caller
 * must refuse the action: nobody can act unaudited (fail closed). If {@code finish} cannot write, the
 * action has already happened; the record keeps saying its outcome was not recorded, and the failure
 * is logged.
 */
public final class AuditTrail {
  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
  public static final String COLLECTION = "audit";
  /** The detail of a record whose action started but whose outcome was never written. */
  public static final String UNFINISHED =
      "outcome not recorded (the daemon stopped or the audit store failed during the action)";
  public static final String DATABASE_OPTION = "security.database";
  public static final String RETENTION_OPTION = "security.audit.retention_days";

  private static final int MAX_BATCH = 500;

  private final MongoCollection<Document> audit;
  private final String service;
  private final InstantSource clock;
  private final CombiningWriter<WriteModel<Document>> writer;

  public AuditTrail(MongoCollection<Document> audit, String service, InstantSource clock) {
    this.audit = audit;
    this.service = service;
    this.clock = clock;
    this.writer = new CombiningWriter<>(MAX_BATCH, batch -> audit.bulkWrite(batch, new BulkWriteOptions().ordered(true)));
  }

  /** Option {@code security.database}: the database holding the key allow-list and the audit trail. */
  public static Option<String> databaseOption() {
    return Option.string(DATABASE_OPTION)
        .defaultValue("mercury_security")
        .doc("Database (on the service's MongoDB) holding the key allow-list and the audit trail.");
  }

  /** Option {@code security.audit.retention_days} (default 365) of the daemon that sweeps the trail. */
  public static Option<Double> retentionOption() {
    return Option.decimal(RETENTION_OPTION)
        .defaultValue(365.0)
        .doc("Audit records older than this are deleted (sweeper, and a TTL index on real MongoDB).");
  }

  /** The trail in collection {@code audit} of {@code securityDatabase}. */
  public static AuditTrail in(MongoDatabase securityDatabase, String service, InstantSource clock) {
    return new AuditTrail(securityDatabase.getCollection(COLLECTION), service, clock);
  }

  /**
   * The time index, which is also the TTL index that applies the retention on a real MongoDB (the
   * embedded store ignores TTL; {@link #sweep} does the same there).
   */
  public void ensureIndexes(Duration retention) {
    try {
      audit.createIndex(
          Indexes.ascending("time"),
          new IndexOptions().expireAfter(retention.toSeconds(), TimeUnit.SECONDS).name("retention"));
    } catch (MongoException e) {
      log.info("no TTL index on the audit trail ({}); the sweeper alone applies the retention", e.getMessage());
      audit.createIndex(Indexes.descending("time"));
    }
  }

  /**
   * Records that an action starts, before it runs; returns the record's id for {@link #finish}.
   *
   * @throws AuditException when the record cannot be written; the action must then be refused
   */
  public String begin(Who who, String action, Map<String, Object> targets) {
    AuditRecord pending = newRecord(who, action, targets, Outcome.ERROR, UNFINISHED);
    write(pending);
    return pending.id();
  }

  /** Sets the outcome of a begun record; a failure is logged, not thrown (the action has happened). */
  public void finish(String id, Outcome outcome, String detail, Map<String, Object> result) {
    List<Bson> updates = new ArrayList<>();
    updates.add(Updates.set("outcome", outcome.wireName()));
    updates.add(Updates.set("detail", detail == null ? "" : detail));
    if (result != null && !result.isEmpty()) {
      updates.add(Updates.set("targets.result", new Document(result)));
    }
    try {
      writer.write(new UpdateOneModel<>(Filters.eq("_id", id), Updates.combine(updates)));
    } catch (RuntimeException e) {
      log.error("audit record {} of {} could not be completed ({}): it stays '{}'", id, service, e.getMessage(), UNFINISHED);
    }
  }

  /**
   * Records a finished call in one write (refusals, and calls that failed before they could start).
   *
   * @throws AuditException when the record cannot be written
   */
  public AuditRecord record(Who who, String action, Map<String, Object> targets, Outcome outcome, String detail) {
    AuditRecord done = newRecord(who, action, targets, outcome, detail);
    write(done);
    return done;
  }

  /** The records matching the query, newest first. */
  public List<AuditRecord> find(AuditQuery q) {
    List<Bson> filters = new ArrayList<>();
    if (q.who() != null) {
      filters.add(Filters.eq("who.name", q.who()));
    }
    if (q.action() != null) {
      filters.add(Filters.eq("action", q.action()));
    }
    if (q.service() != null) {
      filters.add(Filters.eq("service", q.service()));
    }
    if (q.outcome() != null) {
      filters.add(Filters.eq("outcome", q.outcome().wireName()));
    }
    if (q.since() != null) {
      filters.add(Filters.gte("time", Date.from(q.since())));
    }
    if (q.until() != null) {
      filters.add(Filters.lt("time", Date.from(q.until())));
    }
    Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
    List<AuditRecord> found = new ArrayList<>();
    for (Document d : audit.find(filter).sort(Sorts.descending("time")).limit(q.limit())) {
      found.add(AuditRecord.fromDocument(d));
    }
    return found;
  }

  /** Deletes records older than the retention; returns how many went. */
  public long sweep(Duration retention) {
    return audit.deleteMany(Filters.lt("time", Date.from(clock.instant().minus(retention)))).getDeletedCount();
  }

  private AuditRecord newRecord(Who who, String action, Map<String, Object> targets, Outcome outcome, String detail) {
    Instant now = clock.instant();
    return new AuditRecord(UUID.randomUUID().toString(), now, who, service, action, targets, outcome, detail);
  }

  private void write(AuditRecord r) {
    try {
      writer.write(new InsertOneModel<>(r.toDocument()));
    } catch (RuntimeException e) {
      throw new AuditException("audit trail unavailable (" + e.getMessage() + ")", e);
    }
  }
}
