package io.mercury.common.store.keys;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mercury.common.security.KeyEntry;
import io.mercury.common.security.KeyStatus;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Keys configured on this host (a daemon's own key, an operator key file) made accepted in the
 * allow-list with the name, kind and role the files give. The store wins over the files in one way
 * only: a key the store says is rejected or revoked stays cut off, even while it is still on disk.
 *
 * <p>Threading: thread-safe; it holds no state of its own. Two daemons ensuring the same key race
 * harmlessly: both converge on the same accepted record.
 */
final class ConfiguredKeys {
  private final KeyRecords records;
  private final KeyChanges changes;
  private final InstantSource clock;

  ConfiguredKeys(KeyRecords records, KeyChanges changes, InstantSource clock) {
    this.records = records;
    this.changes = changes;
    this.clock = clock;
  }

  /** See {@link KeyStore#ensureAccepted}. */
  KeyEntry ensureAccepted(KeyEntry wanted) {
    Instant now = clock.instant();
    KeyEntry fresh =
        new KeyEntry(
            wanted.publicKey(),
            wanted.name(),
            wanted.kind(),
            wanted.role(),
            KeyStatus.ACCEPTED,
            wanted.mercuryId(),
            wanted.hostname(),
            wanted.address(),
            now,
            now,
            wanted.updatedBy());
    Optional<Document> raw = records.raw(wanted.publicKey());
    if (raw.isPresent() && records.trusted(raw.get()).isEmpty()) {
      // a record without a valid seal (written before sealing, or by someone else): this host's key
      // files are the authority, except that a record saying the key is cut off still cuts it off
      KeyEntry claimed = KeyDocuments.fromDocument(raw.get());
      if (cutOff(claimed)) {
        return claimed;
      }
      records.replace(fresh);
      changes.bump();
      return fresh;
    }
    KeyEntry stored = records.insertOrFind(fresh);
    if (cutOff(stored)) {
      return stored;
    }
    if (stored.status() == KeyStatus.ACCEPTED
        && stored.name().equals(wanted.name())
        && stored.kind() == wanted.kind()
        && stored.role() == wanted.role()) {
      return stored;
    }
    records.update(
        Filters.and(
            Filters.eq(KeyEntry.ID, wanted.publicKey()),
            Filters.in(KeyEntry.STATUS, KeyStatus.PENDING.wireName(), KeyStatus.ACCEPTED.wireName())),
        List.of(
            Updates.set(KeyEntry.NAME, wanted.name()),
            Updates.set(KeyEntry.KIND, wanted.kind().wireName()),
            Updates.set(KeyEntry.ROLE, wanted.role().wireName()),
            Updates.set(KeyEntry.STATUS, KeyStatus.ACCEPTED.wireName()),
            Updates.set(KeyEntry.UPDATED_AT, Date.from(now)),
            Updates.set(KeyEntry.UPDATED_BY, wanted.updatedBy())),
        fresh);
    changes.bump();
    return records.find(wanted.publicKey()).orElseThrow();
  }

  private static boolean cutOff(KeyEntry entry) {
    return entry.status() == KeyStatus.REJECTED || entry.status() == KeyStatus.REVOKED;
  }
}
