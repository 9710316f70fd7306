package io.mercury.common.store.keys;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.mercury.common.security.KeyEntry;
import io.mercury.common.security.KeyKind;
import io.mercury.common.security.KeyStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Read-only questions about the key allow-list: one key, the keys of a status or of a device, and
 * the keys an operator's reference names. Answers hold only records that pass their seal.
 *
 * <p>Threading: thread-safe and stateless beyond {@link KeyRecords}; each answer is read from the
 * store when asked, so it may be stale by the time the caller acts on it.
 */
final class KeyLookup {
  private static final Pattern FINGERPRINT_PREFIX =
      Pattern.compile("[0-9a-f]{" + KeyStore.MIN_FINGERPRINT_PREFIX + ",64}");
  private static final Bson OLDEST_FIRST = Sorts.ascending(KeyEntry.CREATED_AT, KeyEntry.ID);

  private final KeyRecords records;

  KeyLookup(KeyRecords records) {
    this.records = records;
  }

  Optional<KeyEntry> find(String publicKey) {
    return records.find(publicKey);
  }

  /** The accepted agent keys bound to device {@code mercuryId} (normally one). */
  List<KeyEntry> boundTo(String mercuryId) {
    Bson filter =
        Filters.and(
            Filters.eq(KeyEntry.MERCURY_ID, mercuryId),
            Filters.eq(KeyEntry.KIND, KeyKind.AGENT.wireName()),
            Filters.eq(KeyEntry.STATUS, KeyStatus.ACCEPTED.wireName()));
    return records.findAll(filter, null);
  }

  /** All keys, or those with the given status, oldest first. */
  List<KeyEntry> list(Optional<KeyStatus> status) {
    Bson filter = status.map(s -> Filters.eq(KeyEntry.STATUS, s.wireName())).orElse(new Document());
    return records.findAll(filter, OLDEST_FIRST);
  }

  /**
   * Finds the keys a reference names: the Z85 public key itself, else every key with that name, else
   * the one key whose fingerprint starts with it (at least {@link KeyStore#MIN_FINGERPRINT_PREFIX} hex
   * digits).
   *
   * @throws KeyStoreException when nothing matches or a fingerprint prefix matches several keys
   */
  List<KeyEntry> resolve(String keyOrName) {
    String ref = keyOrName == null ? "" : keyOrName.trim();
    if (ref.isEmpty()) {
      throw new KeyStoreException("an empty key reference names no key");
    }
    Optional<KeyEntry> exact = find(ref);
    if (exact.isPresent()) {
      return List.of(exact.get());
    }
    List<KeyEntry> named = records.findAll(Filters.eq(KeyEntry.NAME, ref), OLDEST_FIRST);
    if (!named.isEmpty()) {
      return named;
    }
    String prefix = ref.toLowerCase(Locale.ROOT);
    if (FINGERPRINT_PREFIX.matcher(prefix).matches()) {
      List<String> matches = new ArrayList<>();
      for (String key : records.allPublicKeys()) {
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
}
