package io.mercury.common.security;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The allow-list of CURVE public keys: collection {@code keys} of the security database, one {@link
 * KeyEntry} document per key. This class is the only code that reads or writes that collection.
 *
 * <p>Status changes are conditional updates, so two operators (or an operator and an enrolling agent)
 * cannot interleave into a state neither asked for. The allowed changes are:
 *
 * <ul>
 *   <li>accepted: from pending or rejected;
 *   <li>rejected: from pending;
 *   <li>revoked: from accepted; a revoked key stays revoked (its holder makes a new key and enrols);
 *   <li>pending: only by enrolling ({@link #upsertPending}), never by {@link #setStatus}.
 * </ul>
 *
 * <p>Enrolment is bounded by {@link EnrolmentLimits}: a global and a per-address cap on pending keys,
 * so unauthenticated enrolment requests cannot fill the store or crowd out real agents; pending keys
 * expire and rejected ones are pruned. The caps are checked before each insert, so concurrent
 * enrolments may overshoot them by the number of requests in flight. Thread-safe.
 */
public final class KeyStore {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(KeyStore.class);
  public static final String COLLECTION = "keys";
  /** One document, {@code {_id: "keys", n}}, whose {@code n} grows with every write to {@link #COLLECTION}. */
  public static final String CHANGES_COLLECTION = "keys_changes";
  private static final String CHANGES_ID = "keys";
  public static final int DEFAULT_PENDING_CAP = 1000;
  /** The shortest fingerprint prefix accepted as a key reference. */
  public static final int MIN_FINGERPRINT_PREFIX = 6;

  private static final Pattern FINGERPRINT_PREFIX =
      Pattern.compile("[0-9a-f]{" + MIN_FINGERPRINT_PREFIX + ",64}");
  private static final Map<KeyStatus, Set<KeyStatus>> ALLOWED_FROM =
      Map.of(
          KeyStatus.ACCEPTED, EnumSet.of(KeyStatus.PENDING, KeyStatus.REJECTED),
          KeyStatus.REJECTED, EnumSet.of(KeyStatus.PENDING),
          KeyStatus.REVOKED, EnumSet.of(KeyStatus.ACCEPTED));

  /**
   * What enrolment may leave in the store: at most {@code maxPending} keys wait at once, at most {@code
   * maxPendingPerSource} from one address; a pending key is dropped {@code pendingTtl} after it enrolled
   * and a rejected one {@code rejectedRetention} after it was rejected.
   */
  public record EnrolmentLimits(int maxPending, int maxPendingPerSource, Duration pendingTtl, Duration rejectedRetention) {
    public static final EnrolmentLimits DEFAULTS =
        new EnrolmentLimits(DEFAULT_PENDING_CAP, 20, Duration.ofHours(24), Duration.ofDays(30));

    public EnrolmentLimits {
      if (maxPending < 1 || maxPendingPerSource < 1) {
        throw new IllegalArgumentException("pending caps must be at least 1, got " + maxPending + " and " + maxPendingPerSource);
      }
      if (!pendingTtl.isPositive() || !rejectedRetention.isPositive()) {
        throw new IllegalArgumentException("the pending time to live and the rejected retention must be positive");
      }
    }

    /** The defaults with another global cap. */
    public EnrolmentLimits withMaxPending(int max) {
      return new EnrolmentLimits(max, Math.min(maxPendingPerSource, max), pendingTtl, rejectedRetention);
    }
  }

  private final MongoCollection<Document> keys;
  private final MongoCollection<Document> changes;
  private final EnrolmentLimits limits;
  private final InstantSource clock;
  private final KeySeal seal;
  /** Records already reported as failing their seal, so each is logged once. */
  private final Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** A store with the {@link EnrolmentLimits#DEFAULTS} and the system clock. */
  public KeyStore(MongoDatabase db) {
    this(db, EnrolmentLimits.DEFAULTS, InstantSource.system());
  }

  /** A store with the default limits but at most {@code pendingCap} pending keys. */
  public KeyStore(MongoDatabase db, int pendingCap, InstantSource clock) {
    this(db, EnrolmentLimits.DEFAULTS.withMaxPending(pendingCap), clock);
  }

  /** A store with the default limits, sealed with {@code <keysDir>/store.seal} when that file exists. */
  public static KeyStore sealedBy(MongoDatabase db, java.nio.file.Path keysDir) {
    return new KeyStore(db, EnrolmentLimits.DEFAULTS, InstantSource.system(), KeySeal.in(keysDir));
  }

  /** Opens the collection, unsealed (see {@link KeySeal}). */
  public KeyStore(MongoDatabase db, EnrolmentLimits limits, InstantSource clock) {
    this(db, limits, clock, KeySeal.none());
  }

  /**
   * Opens the collection and makes sure its indexes on {@code name} and {@code status} exist. With a
   * {@code seal}, every record written is sealed and a record whose seal does not match is ignored.
   */
  public KeyStore(MongoDatabase db, EnrolmentLimits limits, InstantSource clock, KeySeal seal) {
    this.seal = seal;
    this.keys = db.getCollection(COLLECTION);
    this.changes = db.getCollection(CHANGES_COLLECTION);
    this.limits = limits;
    this.clock = clock;
    keys.createIndex(Indexes.ascending(KeyEntry.NAME));
    keys.createIndex(Indexes.ascending(KeyEntry.STATUS));
  }

  /**
   * A number that changes whenever a key record is written through a KeyStore (any daemon's), so an
   * allow-list re-reads the keys only when they changed: one small read instead of every key every two
   * seconds in every daemon (20,000 sealed records a second at 10,000 agents). A write that bypasses the
   * KeyStore is not counted; readers also re-read everything every 20 s.
   */
  public long changes() {
    Document doc = changes.find(Filters.eq("_id", CHANGES_ID)).first();
    return doc != null && doc.get("n") instanceof Number n ? n.longValue() : 0;
  }

  private void changed() {
    changes.updateOne(Filters.eq("_id", CHANGES_ID), Updates.inc("n", 1L), new com.mongodb.client.model.UpdateOptions().upsert(true));
  }

  public Optional<KeyEntry> find(String publicKey) {
    Document doc = keys.find(Filters.eq(KeyEntry.ID, publicKey)).first();
    return Optional.ofNullable(doc).flatMap(this::trusted);
  }

  /** The entry a stored record holds, unless it fails its seal (then it is reported once and ignored). */
  private Optional<KeyEntry> trusted(Document doc) {
    KeyEntry entry = KeyEntry.fromDocument(doc);
    if (seal.verifies(entry, doc.getString(KeySeal.FIELD))) {
      return Optional.of(entry);
    }
    if (reported.add(entry.publicKey() + "/" + entry.status().wireName())) {
      log.error(
          "key record {} ({}, {} {}) fails its seal: it was not written by a Mercury daemon; ignoring it",
          entry.shortFingerprint(), entry.name(), entry.role().wireName(), entry.status().wireName());
    }
    return Optional.empty();
  }

  /** The stored document of an entry, sealed when sealing is on. */
  private Document sealed(KeyEntry entry) {
    Document doc = entry.toDocument();
    String mark = seal.of(entry);
    return mark == null ? doc : doc.append(KeySeal.FIELD, mark);
  }

  /** The update that seals {@code entry} as it will be stored, or none when sealing is off. */
  private List<Bson> sealOf(KeyEntry entry) {
    String mark = seal.of(entry);
    return mark == null ? List.of() : List.of(Updates.set(KeySeal.FIELD, mark));
  }

  /**
   * Drops what enrolment left behind for too long: pending keys older than the pending time to live
   * and rejected keys older than the retention. Enrolment runs it before counting the pending keys.
   *
   * @return how many keys were dropped
   */
  public long expire() {
    Instant now = clock.instant();
    Bson stalePending =
        Filters.and(
            Filters.eq(KeyEntry.STATUS, KeyStatus.PENDING.wireName()),
            Filters.lt(KeyEntry.CREATED_AT, Date.from(now.minus(limits.pendingTtl()))));
    Bson oldRejected =
        Filters.and(
            Filters.eq(KeyEntry.STATUS, KeyStatus.REJECTED.wireName()),
            Filters.lt(KeyEntry.UPDATED_AT, Date.from(now.minus(limits.rejectedRetention()))));
    long deleted = keys.deleteMany(Filters.or(stalePending, oldRejected)).getDeletedCount();
    if (deleted > 0) {
      changed();
    }
    return deleted;
  }

  /** The accepted agent keys bound to device {@code mercuryId} (normally one). */
  public List<KeyEntry> boundTo(String mercuryId) {
    List<KeyEntry> out = new ArrayList<>();
    Bson filter =
        Filters.and(
            Filters.eq(KeyEntry.MERCURY_ID, mercuryId),
            Filters.eq(KeyEntry.KIND, KeyKind.AGENT.wireName()),
            Filters.eq(KeyEntry.STATUS, KeyStatus.ACCEPTED.wireName()));
    for (Document doc : keys.find(filter)) {
      trusted(doc).ifPresent(out::add);
    }
    return out;
  }

  /**
   * Revokes every accepted key bound to device {@code mercuryId}: the device was deleted from the
   * inventory, so whoever comes back under that id must enrol anew (a reused id starts clean).
   *
   * @return the keys revoked
   */
  public List<KeyEntry> revokeDevice(String mercuryId, String by) {
    List<KeyEntry> revoked = new ArrayList<>();
    for (KeyEntry bound : boundTo(mercuryId)) {
      try {
        revoked.add(transition(bound, KeyStatus.REVOKED, by));
      } catch (KeyStoreException e) {
        // it changed meanwhile (revoked by someone else): nothing left to do for it
      }
    }
    return revoked;
  }

  /** All keys, or those with the given status, oldest first. */
  public List<KeyEntry> list(Optional<KeyStatus> status) {
    Bson filter = status.map(s -> Filters.eq(KeyEntry.STATUS, s.wireName())).orElse(new Document());
    List<KeyEntry> out = new ArrayList<>();
    for (Document doc : keys.find(filter).sort(Sorts.ascending(KeyEntry.CREATED_AT, KeyEntry.ID))) {
      trusted(doc).ifPresent(out::add);
    }
    return out;
  }

  /**
   * Records an enrolling agent's key as pending. A key already known keeps its status; when still
   * pending, its mercury_id, hostname and address are refreshed.
   *
   * @return the stored entry, whatever its status
   * @throws KeyStoreException when the key is new and {@code pendingCap} keys already wait
   */
  public KeyEntry upsertPending(String publicKey, String mercuryId, String hostname, String address) {
    Objects.requireNonNull(publicKey, "publicKey is null");
    Objects.requireNonNull(mercuryId, "mercuryId is null");
    Optional<KeyEntry> known = find(publicKey);
    if (known.isPresent()) {
      return known.get().status() == KeyStatus.PENDING
          ? refresh(known.get(), mercuryId, hostname, address)
          : known.get();
    }
    expire();
    long waiting = keys.countDocuments(Filters.eq(KeyEntry.STATUS, KeyStatus.PENDING.wireName()));
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
          keys.countDocuments(
              Filters.and(Filters.eq(KeyEntry.STATUS, KeyStatus.PENDING.wireName()), Filters.eq(KeyEntry.ADDRESS, address)));
      if (fromThere >= limits.maxPendingPerSource()) {
        throw new KeyStoreException(
            "too many keys from " + address + " are pending (" + fromThere + ", the limit per address is "
                + limits.maxPendingPerSource() + "); accept or reject them with mcli keys first");
      }
    }
    return insertOrFind(agentEntry(publicKey, mercuryId, hostname, address, KeyStatus.PENDING, "enrolment"));
  }

  /**
   * Accepts an agent's key at once (its holder showed a valid enrolment token). A rejected or revoked
   * key is left as it is: a token does not overrule an operator.
   *
   * @return the stored entry; its status says whether the key is now accepted
   */
  public KeyEntry acceptAgent(
      String publicKey, String mercuryId, String hostname, String address, String by) {
    Objects.requireNonNull(publicKey, "publicKey is null");
    Objects.requireNonNull(mercuryId, "mercuryId is null");
    Optional<KeyEntry> known = find(publicKey);
    if (known.isEmpty()) {
      KeyEntry stored =
          insertOrFind(agentEntry(publicKey, mercuryId, hostname, address, KeyStatus.ACCEPTED, by));
      if (stored.status() != KeyStatus.PENDING) {
        return stored;
      }
      known = Optional.of(stored);
    }
    KeyEntry entry = known.get();
    if (entry.status() != KeyStatus.PENDING) {
      return entry;
    }
    transition(refresh(entry, mercuryId, hostname, address), KeyStatus.ACCEPTED, by);
    return find(publicKey).orElseThrow();
  }

  /**
   * Makes sure a key configured on this host (a daemon's own key, an operator key file) is accepted
   * with the given name, kind and role, unless the store says it was rejected or revoked: the store
   * wins over files, so an operator can cut off a key that is still on disk.
   *
   * @return the stored entry; its status says whether the key is accepted
   */
  public KeyEntry ensureAccepted(KeyEntry wanted) {
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
    Document raw = keys.find(Filters.eq(KeyEntry.ID, wanted.publicKey())).first();
    if (raw != null && trusted(raw).isEmpty()) {
      // a record without a valid seal (written before sealing, or by someone else): this host's key
      // files are the authority, except that a record saying the key is cut off still cuts it off
      KeyEntry claimed = KeyEntry.fromDocument(raw);
      if (claimed.status() == KeyStatus.REJECTED || claimed.status() == KeyStatus.REVOKED) {
        return claimed;
      }
      keys.replaceOne(Filters.eq(KeyEntry.ID, wanted.publicKey()), sealed(fresh));
      changed();
      return fresh;
    }
    KeyEntry stored = insertOrFind(fresh);
    if (stored.status() == KeyStatus.REJECTED || stored.status() == KeyStatus.REVOKED) {
      return stored;
    }
    if (stored.status() == KeyStatus.ACCEPTED
        && stored.name().equals(wanted.name())
        && stored.kind() == wanted.kind()
        && stored.role() == wanted.role()) {
      return stored;
    }
    keys.updateOne(
        Filters.and(
            Filters.eq(KeyEntry.ID, wanted.publicKey()),
            Filters.in(KeyEntry.STATUS, KeyStatus.PENDING.wireName(), KeyStatus.ACCEPTED.wireName())),
        Updates.combine(
            concat(
                List.of(
                    Updates.set(KeyEntry.NAME, wanted.name()),
                    Updates.set(KeyEntry.KIND, wanted.kind().wireName()),
                    Updates.set(KeyEntry.ROLE, wanted.role().wireName()),
                    Updates.set(KeyEntry.STATUS, KeyStatus.ACCEPTED.wireName()),
                    Updates.set(KeyEntry.UPDATED_AT, Date.from(now)),
                    Updates.set(KeyEntry.UPDATED_BY, wanted.updatedBy())),
                sealOf(fresh))));
    changed();
    return find(wanted.publicKey()).orElseThrow();
  }

  /**
   * Finds the keys a reference names: the Z85 public key itself, else every key with that name, else
   * the one key whose fingerprint starts with it (at least {@link #MIN_FINGERPRINT_PREFIX} hex digits).
   *
   * @throws KeyStoreException when nothing matches or a fingerprint prefix matches several keys
   */
  public List<KeyEntry> resolve(String keyOrName) {
    String ref = keyOrName == null ? "" : keyOrName.trim();
    if (ref.isEmpty()) {
      throw new KeyStoreException("an empty key reference names no key");
    }
    Optional<KeyEntry> exact = find(ref);
    if (exact.isPresent()) {
      return List.of(exact.get());
    }
    List<KeyEntry> named = new ArrayList<>();
    Bson byName = Filters.eq(KeyEntry.NAME, ref);
    for (Document doc : keys.find(byName).sort(Sorts.ascending(KeyEntry.CREATED_AT, KeyEntry.ID))) {
      trusted(doc).ifPresent(named::add);
    }
    if (!named.isEmpty()) {
      return named;
    }
    String prefix = ref.toLowerCase(Locale.ROOT);
    if (FINGERPRINT_PREFIX.matcher(prefix).matches()) {
      List<String> matches = new ArrayList<>();
      for (Document doc : keys.find().projection(Projections.include(KeyEntry.ID))) {
        String key = doc.getString(KeyEntry.ID);
        if (KeyEntry.fingerprint(key).startsWith(prefix)) {
          matches.add(key);
        }
      }
      if (matches.size() == 1) {
        return List.of(find(matches.getFirst()).orElseThrow());
      }
      if (matches.size() > 1) {
        throw new KeyStoreException(
            "fingerprint prefix " + ref + " matches " + matches.size() + " keys; give more digits");
      }
    }
    throw new KeyStoreException(
        "no key has the public key, name or fingerprint '" + ref + "' (see mcli keys list)");
  }

  /**
   * Changes the status of the keys {@code keyOrName} names (see {@link #resolve}). Keys already in
   * that status are left alone. When a name covers several keys, only those the change applies to are
   * changed (accepting an agent's name accepts its pending key and leaves its revoked old one).
   *
   * @param status accepted, rejected or revoked
   * @param by who asks, recorded as {@code updated_by}
   * @return the entries changed, as now stored; empty when all were already in that status
   * @throws KeyStoreException when nothing matches, or no matched key may change to {@code status}
   *     and not all of them are in it already
   */
  public List<KeyEntry> setStatus(String keyOrName, KeyStatus status, String by) {
    if (!ALLOWED_FROM.containsKey(status)) {
      throw new KeyStoreException(
          "a key cannot be set to " + status.wireName() + "; keys become pending only by enrolling");
    }
    List<KeyEntry> matched = resolve(keyOrName);
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

  private KeyEntry transition(KeyEntry entry, KeyStatus status, String by) {
    Instant now = clock.instant();
    long modified =
        keys.updateOne(
                Filters.and(
                    Filters.eq(KeyEntry.ID, entry.publicKey()),
                    Filters.in(
                        KeyEntry.STATUS,
                        ALLOWED_FROM.get(status).stream().map(KeyStatus::wireName).toList())),
                Updates.combine(
                    concat(
                        List.of(
                            Updates.set(KeyEntry.STATUS, status.wireName()),
                            Updates.set(KeyEntry.UPDATED_AT, Date.from(now)),
                            Updates.set(KeyEntry.UPDATED_BY, by)),
                        sealOf(entry.withStatus(status, now, by)))))
            .getModifiedCount();
    if (modified > 0) {
      changed();
    }
    KeyEntry stored =
        find(entry.publicKey())
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
    sets.addAll(
        sealOf(
            new KeyEntry(
                entry.publicKey(), mercuryId, entry.kind(), entry.role(), entry.status(), mercuryId, hostname, address,
                entry.createdAt(), entry.updatedAt(), entry.updatedBy())));
    keys.updateOne(
        Filters.and(
            Filters.eq(KeyEntry.ID, entry.publicKey()),
            Filters.eq(KeyEntry.STATUS, KeyStatus.PENDING.wireName())),
        Updates.combine(sets));
    changed();
    return find(entry.publicKey()).orElseThrow();
  }

  private static List<Bson> concat(List<Bson> a, List<Bson> b) {
    List<Bson> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private KeyEntry agentEntry(
      String publicKey, String mercuryId, String hostname, String address, KeyStatus status, String by) {
    Instant now = clock.instant();
    return new KeyEntry(
        publicKey, mercuryId, KeyKind.AGENT, Role.AGENT, status, mercuryId, hostname, address, now, now, by);
  }

  /** Inserts the entry, or returns the one stored meanwhile under the same key. */
  private KeyEntry insertOrFind(KeyEntry entry) {
    try {
      keys.insertOne(sealed(entry));
      changed();
      return entry;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      return find(entry.publicKey()).orElseThrow(() -> e);
    }
  }
}
