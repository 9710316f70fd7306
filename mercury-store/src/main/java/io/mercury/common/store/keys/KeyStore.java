package io.mercury.common.store.keys;

import com.mongodb.client.MongoDatabase;
import io.mercury.common.security.KeyEntry;
import io.mercury.common.security.KeySeal;
import io.mercury.common.security.KeyStatus;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * The allow-list of CURVE public keys: collection {@code keys} of the security database, one {@link
 * KeyEntry} document per key, and its change counter. This class, through the package-private
 * pieces it wires, is the only code that reads or writes those collections.
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
 * enrolments may overshoot them by the number of requests in flight.
 *
 * <p>Threading: thread-safe. It holds no lock; the store's conditional updates keep concurrent
 * callers (in this daemon or another) from interleaving into a state neither asked for.
 */
public final class KeyStore {
  /*
   * The work is split by concern, all in this package: KeyRecords (the sealed records, the only
   * code touching the collection), KeyChanges (the change counter), KeyLookup (queries and key
   * references), KeyTransitions (the status rules), KeyEnrolment (pending keys and their limits) and
   * ConfiguredKeys (this host's own keys). This class wires them and keeps the public API.
   */
  public static final String COLLECTION = "keys";
  /** One document, {@code {_id: "keys", n}}, whose {@code n} grows with every write to {@link #COLLECTION}. */
  public static final String CHANGES_COLLECTION = "keys_changes";
  public static final int DEFAULT_PENDING_CAP = 1000;
  /** The shortest fingerprint prefix accepted as a key reference. */
  public static final int MIN_FINGERPRINT_PREFIX = 6;

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

  private final KeyChanges changes;
  private final KeyLookup lookup;
  private final KeyTransitions transitions;
  private final KeyEnrolment enrolment;
  private final ConfiguredKeys configured;

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
    this.changes = new KeyChanges(db);
    KeyRecords records = new KeyRecords(db, seal, changes);
    this.lookup = new KeyLookup(records);
    this.transitions = new KeyTransitions(records, lookup, changes, clock);
    this.enrolment = new KeyEnrolment(records, transitions, changes, limits, clock);
    this.configured = new ConfiguredKeys(records, changes, clock);
  }

  /**
   * A number that changes whenever a key record is written through a KeyStore (any daemon's), so an
   * allow-list re-reads the keys only when they changed: one small read instead of every key every two
   * seconds in every daemon (20,000 sealed records a second at 10,000 agents). A write that bypasses the
   * KeyStore is not counted; readers also re-read everything every 20 s.
   */
  public long changes() {
    return changes.current();
  }

  public Optional<KeyEntry> find(String publicKey) {
    return lookup.find(publicKey);
  }

  /**
   * Drops what enrolment left behind for too long: pending keys older than the pending time to live
   * and rejected keys older than the retention. Enrolment runs it before counting the pending keys.
   *
   * @return how many keys were dropped
   */
  public long expire() {
    return enrolment.expire();
  }

  /** The accepted agent keys bound to device {@code mercuryId} (normally one). */
  public List<KeyEntry> boundTo(String mercuryId) {
    return lookup.boundTo(mercuryId);
  }

  /**
   * Revokes every accepted key bound to device {@code mercuryId}: the device was deleted from the
   * inventory, so whoever comes back under that id must enrol anew (a reused id starts clean).
   *
   * @return the keys revoked
   */
  public List<KeyEntry> revokeDevice(String mercuryId, String by) {
    return transitions.revokeDevice(mercuryId, by);
  }

  /** All keys, or those with the given status, oldest first. */
  public List<KeyEntry> list(Optional<KeyStatus> status) {
    return lookup.list(status);
  }

  /**
   * Records an enrolling agent's key as pending. A key already known keeps its status; when still
   * pending, its mercury_id, hostname and address are refreshed.
   *
   * @return the stored entry, whatever its status
   * @throws KeyStoreException when the key is new and {@code pendingCap} keys already wait
   */
  public KeyEntry upsertPending(String publicKey, String mercuryId, String hostname, String address) {
    return enrolment.upsertPending(publicKey, mercuryId, hostname, address);
  }

  /**
   * Accepts an agent's key at once (its holder showed a valid enrolment token). A rejected or revoked
   * key is left as it is: a token does not overrule an operator.
   *
   * @return the stored entry; its status says whether the key is now accepted
   */
  public KeyEntry acceptAgent(
      String publicKey, String mercuryId, String hostname, String address, String by) {
    return enrolment.acceptAgent(publicKey, mercuryId, hostname, address, by);
  }

  /**
   * Makes sure a key configured on this host (a daemon's own key, an operator key file) is accepted
   * with the given name, kind and role, unless the store says it was rejected or revoked: the store
   * wins over files, so an operator can cut off a key that is still on disk.
   *
   * @return the stored entry; its status says whether the key is accepted
   */
  public KeyEntry ensureAccepted(KeyEntry wanted) {
    return configured.ensureAccepted(wanted);
  }

  /**
   * Finds the keys a reference names: the Z85 public key itself, else every key with that name, else
   * the one key whose fingerprint starts with it (at least {@link #MIN_FINGERPRINT_PREFIX} hex digits).
   *
   * @throws KeyStoreException when nothing matches or a fingerprint prefix matches several keys
   */
  public List<KeyEntry> resolve(String keyOrName) {
    return lookup.resolve(keyOrName);
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
    return transitions.setStatus(keyOrName, status, by);
  }
}
