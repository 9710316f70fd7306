package io.mercury.common.store.keys;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mercury.common.security.KeyEntry;
import io.mercury.common.security.KeyStatus;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The status rules of the key allow-list, and the conditional updates that apply them. The allowed
 * changes are:
 *
 * <ul>
 *   <li>accepted: from pending or rejected;
 *   <li>rejected: from pending;
 *   <li>revoked: from accepted; a revoked key stays revoked (its holder makes a new key and enrols);
 *   <li>pending: only by enrolling ({@link KeyEnrolment}), never by {@link #setStatus}.
 * </ul>
 *
 * <p>Each change is one update conditioned on the statuses it may start from, so two operators (or an
 * operator and an enrolling agent) cannot interleave into a state neither asked for; the loser is told
 * the key "changed meanwhile".
 *
 * <p>Threading: thread-safe; the store's conditional update is the only synchronisation.
 */
final class KeyTransitions {
  private static final Map<KeyStatus, Set<KeyStatus>> ALLOWED_FROM =
      Map.of(
          KeyStatus.ACCEPTED, EnumSet.of(KeyStatus.PENDING, KeyStatus.REJECTED),
          KeyStatus.REJECTED, EnumSet.of(KeyStatus.PENDING),
          KeyStatus.REVOKED, EnumSet.of(KeyStatus.ACCEPTED));

  private final KeyRecords records;
  private final KeyLookup lookup;
  private final KeyChanges changes;
  private final InstantSource clock;

  KeyTransitions(KeyRecords records, KeyLookup lookup, KeyChanges changes, InstantSource clock) {
    this.records = records;
    this.lookup = lookup;
    this.changes = changes;
    this.clock = clock;
  }

  /** See {@link KeyStore#setStatus}. */
  List<KeyEntry> setStatus(String keyOrName, KeyStatus status, String by) {
    if (!ALLOWED_FROM.containsKey(status)) {
      throw new KeyStoreException(
          "a key cannot be set to " + status.wireName() + "; keys become pending only by enrolling");
    }
    List<KeyEntry> matched = lookup.resolve(keyOrName);
    List<KeyEntry> changed = new ArrayList<>();
    List<KeyEntry> refused = new ArrayList<>();
    for (KeyEntry entry : matched) {
      if (entry.status() == status) {
        continue;
      }
      if (ALLOWED_FROM.get(status).contains(entry.status())) {
        changed.add(transition(entry, status, by));
      } else {
        refused.add(entry);
      }
    }
    if (changed.isEmpty() && !refused.isEmpty()) {
      throw new KeyStoreException(refusal(refused.getFirst(), status));
    }
    return changed;
  }

  /** See {@link KeyStore#revokeDevice}. */
  List<KeyEntry> revokeDevice(String mercuryId, String by) {
    List<KeyEntry> revoked = new ArrayList<>();
    for (KeyEntry bound : lookup.boundTo(mercuryId)) {
      try {
        revoked.add(transition(bound, KeyStatus.REVOKED, by));
      } catch (KeyStoreException e) {
        // it changed meanwhile (revoked by someone else): nothing left to do for it
      }
    }
    return revoked;
  }

  /**
   * Moves {@code entry} to {@code status} if it is still in a status that may change to it.
   *
   * @return the entry as now stored
   * @throws KeyStoreException when the key was deleted, or changed meanwhile to a status that may not
   *     change to {@code status}
   */
  KeyEntry transition(KeyEntry entry, KeyStatus status, String by) {
    Instant now = clock.instant();
    long modified =
        records.update(
            Filters.and(
                Filters.eq(KeyEntry.ID, entry.publicKey()),
                Filters.in(
                    KeyEntry.STATUS,
                    ALLOWED_FROM.get(status).stream().map(KeyStatus::wireName).toList())),
            List.of(
                Updates.set(KeyEntry.STATUS, status.wireName()),
                Updates.set(KeyEntry.UPDATED_AT, Date.from(now)),
                Updates.set(KeyEntry.UPDATED_BY, by)),
            entry.withStatus(status, now, by));
    if (modified > 0) {
      changes.bump();
    }
    KeyEntry stored =
        lookup
            .find(entry.publicKey())
            .orElseThrow(
                () ->
                    new KeyStoreException(
                        "key " + entry.shortFingerprint() + " (" + entry.name() + ") was deleted meanwhile"));
    if (modified == 0 && stored.status() != status) {
      throw new KeyStoreException(refusal(stored, status) + " (it changed meanwhile)");
    }
    return stored;
  }

  private static String refusal(KeyEntry entry, KeyStatus status) {
    String which =
        "cannot "
            + verb(status)
            + " key "
            + entry.shortFingerprint()
            + " ("
            + entry.name()
            + "): it is "
            + entry.status().wireName();
    return switch (status) {
      case ACCEPTED -> which + "; a revoked key stays revoked, its holder must make a new key and enrol again";
      case REJECTED -> which + "; use revoke to cut off an accepted key";
      case REVOKED -> which + ", it was never accepted; use reject to turn down a pending key";
      case PENDING -> which;
    };
  }

  private static String verb(KeyStatus status) {
    return switch (status) {
      case ACCEPTED -> "accept";
      case REJECTED -> "reject";
      case REVOKED -> "revoke";
      case PENDING -> "make pending";
    };
  }
}
