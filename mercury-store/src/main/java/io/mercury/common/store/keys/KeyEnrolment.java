package io.mercury.common.store.keys;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mercury.common.security.KeyEntry;
import io.mercury.common.security.KeyKind;
import io.mercury.common.security.KeyStatus;
import io.mercury.common.security.Role;
import io.mercury.common.store.keys.KeyStore.EnrolmentLimits;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.conversions.Bson;

/**
 * How agents' keys enter the allow-list: as pending, or accepted at once with an enrolment token,
 * within the {@link EnrolmentLimits}. Pending keys expire and rejected ones are pruned before each new
 * key is counted.
 *
 * <p>The caps are checked before each insert, not atomically with it, so concurrent enrolments may
 * overshoot them by the number of requests in flight.
 *
 * <p>Threading: thread-safe; it holds no state of its own, and an insert that races another for the
 * same key returns the record that won.
 */
final class KeyEnrolment {
  private final KeyRecords records;
  private final KeyTransitions transitions;
  private final KeyChanges changes;
  private final EnrolmentLimits limits;
  private final InstantSource clock;

  KeyEnrolment(
      KeyRecords records, KeyTransitions transitions, KeyChanges changes, EnrolmentLimits limits, InstantSource clock) {
    this.records = records;
    this.transitions = transitions;
    this.changes = changes;
    this.limits = limits;
    this.clock = clock;
  }

  /** See {@link KeyStore#expire}. */
  long expire() {
    Instant now = clock.instant();
    Bson stalePending =
        Filters.and(
            Filters.eq(KeyEntry.STATUS, KeyStatus.PENDING.wireName()),
            Filters.lt(KeyEntry.CREATED_AT, Date.from(now.minus(limits.pendingTtl()))));
    Bson oldRejected =
        Filters.and(
            Filters.eq(KeyEntry.STATUS, KeyStatus.REJECTED.wireName()),
            Filters.lt(KeyEntry.UPDATED_AT, Date.from(now.minus(limits.rejectedRetention()))));
    long deleted = records.deleteAll(Filters.or(stalePending, oldRejected));
    if (deleted > 0) {
      changes.bump();
    }
    return deleted;
  }

  /** See {@link KeyStore#upsertPending}. */
  KeyEntry upsertPending(String publicKey, String mercuryId, String hostname, String address) {
    Objects.requireNonNull(publicKey, "publicKey is null");
    Objects.requireNonNull(mercuryId, "mercuryId is null");
    Optional<KeyEntry> known = records.find(publicKey);
    if (known.isPresent()) {
      return known.get().status() == KeyStatus.PENDING
          ? refresh(known.get(), mercuryId, hostname, address)
          : known.get();
    }
    expire();
    long waiting = records.count(Filters.eq(KeyEntry.STATUS, KeyStatus.PENDING.wireName()));
    if (waiting >= limits.maxPending()) {
      throw new KeyStoreException(
          "too many keys are pending ("
              + waiting
              + ", the limit is "
              + limits.maxPending()
              + "): accept or reject some with mcli keys before more agents can enrol");
    }
    if (address != null) {
      long fromThere =
          records.count(
              Filters.and(Filters.eq(KeyEntry.STATUS, KeyStatus.PENDING.wireName()), Filters.eq(KeyEntry.ADDRESS, address)));
      if (fromThere >= limits.maxPendingPerSource()) {
        throw new KeyStoreException(
            "too many keys from " + address + " are pending (" + fromThere + ", the limit per address is "
                + limits.maxPendingPerSource() + "); accept or reject them with mcli keys first");
      }
    }
    return records.insertOrFind(agentEntry(publicKey, mercuryId, hostname, address, KeyStatus.PENDING, "enrolment"));
  }

  /** See {@link KeyStore#acceptAgent}. */
  KeyEntry acceptAgent(String publicKey, String mercuryId, String hostname, String address, String by) {
    Objects.requireNonNull(publicKey, "publicKey is null");
    Objects.requireNonNull(mercuryId, "mercuryId is null");
    Optional<KeyEntry> known = records.find(publicKey);
    if (known.isEmpty()) {
      KeyEntry stored =
          records.insertOrFind(agentEntry(publicKey, mercuryId, hostname, address, KeyStatus.ACCEPTED, by));
      if (stored.status() != KeyStatus.PENDING) {
        return stored;
      }
      known = Optional.of(stored);
    }
    KeyEntry entry = known.get();
    if (entry.status() != KeyStatus.PENDING) {
      return entry;
    }
    transitions.transition(refresh(entry, mercuryId, hostname, address), KeyStatus.ACCEPTED, by);
    return records.find(publicKey).orElseThrow();
  }

  /** Refreshes a still-pending key's name, mercury_id, hostname and address; returns it as stored. */
  private KeyEntry refresh(KeyEntry entry, String mercuryId, String hostname, String address) {
    List<Bson> sets = new ArrayList<>();
    sets.add(Updates.set(KeyEntry.NAME, mercuryId));
    sets.add(Updates.set(KeyEntry.MERCURY_ID, mercuryId));
    if (hostname != null) {
      sets.add(Updates.set(KeyEntry.HOSTNAME, hostname));
    }
    if (address != null) {
      sets.add(Updates.set(KeyEntry.ADDRESS, address));
    }
    records.update(
        Filters.and(
            Filters.eq(KeyEntry.ID, entry.publicKey()),
            Filters.eq(KeyEntry.STATUS, KeyStatus.PENDING.wireName())),
        sets,
        new KeyEntry(
            entry.publicKey(), mercuryId, entry.kind(), entry.role(), entry.status(), mercuryId, hostname, address,
            entry.createdAt(), entry.updatedAt(), entry.updatedBy()));
    changes.bump();
    return records.find(entry.publicKey()).orElseThrow();
  }

  private KeyEntry agentEntry(
      String publicKey, String mercuryId, String hostname, String address, KeyStatus status, String by) {
    Instant now = clock.instant();
    return new KeyEntry(
        publicKey, mercuryId, KeyKind.AGENT, Role.AGENT, status, mercuryId, hostname, address, now, now, by);
  }
}
