package io.mercury.common.store.keys;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import io.mercury.common.security.KeyEntry;
import io.mercury.common.security.KeySeal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The sealed key records of collection {@link KeyStore#COLLECTION}: reads return only records whose
 * {@link KeySeal} matches, writes seal what they store, and every insert is counted in {@link
 * KeyChanges}. The other key-store pieces reach the collection only through this class, which knows
 * no status rule: it stores what it is given.
 *
 * <p>A record that fails its seal is logged once (per key and status) and then ignored, so a forged
 * record neither grants access nor floods the log.
 *
 * <p>Threading: thread-safe; it holds the collection, the seal and the concurrent set of records
 * already reported, and each method is one or a few independent store operations.
 */
final class KeyRecords {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(KeyStore.class);

  private final MongoCollection<Document> keys;
  private final KeySeal seal;
  private final KeyChanges changes;
  /** Records already reported as failing their seal, so each is logged once. */
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  /** Opens the collection and makes sure its indexes on {@code name} and {@code status} exist. */
  KeyRecords(MongoDatabase db, KeySeal seal, KeyChanges changes) {
    this.keys = db.getCollection(KeyStore.COLLECTION);
    this.seal = seal;
    this.changes = changes;
    keys.createIndex(Indexes.ascending(KeyEntry.NAME));
    keys.createIndex(Indexes.ascending(KeyEntry.STATUS));
  }

  /** The entry stored for {@code publicKey}, unless there is none or it fails its seal. */
  Optional<KeyEntry> find(String publicKey) {
    return raw(publicKey).flatMap(this::trusted);
  }

  /** The document stored for {@code publicKey}, sealed or not. */
  Optional<Document> raw(String publicKey) {
    return Optional.ofNullable(keys.find(Filters.eq(KeyEntry.ID, publicKey)).first());
  }

  /** The trusted entries {@code filter} matches, in {@code sort} order (none: store order). */
  List<KeyEntry> findAll(Bson filter, Bson sort) {
    List<KeyEntry> out = new ArrayList<>();
    var found = keys.find(filter);
    for (Document doc : sort == null ? found : found.sort(sort)) {
      trusted(doc).ifPresent(out::add);
    }
    return out;
  }

  /** Every stored public key, sealed or not (for fingerprint look-ups). */
  List<String> allPublicKeys() {
    List<String> out = new ArrayList<>();
    for (Document doc : keys.find().projection(Projections.include(KeyEntry.ID))) {
      out.add(doc.getString(KeyEntry.ID));
    }
    return out;
  }

  long count(Bson filter) {
    return keys.countDocuments(filter);
  }

  /** The entry a stored record holds, unless it fails its seal (then it is reported once and ignored). */
  Optional<KeyEntry> trusted(Document doc) {
    KeyEntry entry = KeyDocuments.fromDocument(doc);
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

  /** Inserts the entry, or returns the one stored meanwhile under the same key. */
  KeyEntry insertOrFind(KeyEntry entry) {
    try {
      keys.insertOne(sealed(entry));
      changes.bump();
      return entry;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      return find(entry.publicKey()).orElseThrow(() -> e);
    }
  }

  /** Replaces the record of {@code entry}'s key with {@code entry}, sealed. Not counted. */
  void replace(KeyEntry entry) {
    keys.replaceOne(Filters.eq(KeyEntry.ID, entry.publicKey()), sealed(entry));
  }

  /**
   * Applies {@code sets} to the record {@code filter} matches, adding the seal of {@code asStored},
   * the entry as it will then be stored. Not counted.
   *
   * @return how many records were modified
   */
  long update(Bson filter, List<Bson> sets, KeyEntry asStored) {
    List<Bson> all = new ArrayList<>(sets);
    all.addAll(sealOf(asStored));
    return keys.updateOne(filter, Updates.combine(all)).getModifiedCount();
  }

  /** Deletes the records {@code filter} matches. Not counted. */
  long deleteAll(Bson filter) {
    return keys.deleteMany(filter).getDeletedCount();
  }

  /** The stored document of an entry, sealed when sealing is on. */
  private Document sealed(KeyEntry entry) {
    Document doc = KeyDocuments.toDocument(entry);
    String mark = seal.of(entry);
    return mark == null ? doc : doc.append(KeySeal.FIELD, mark);
  }

  /** The update that seals {@code entry} as it will be stored, or none when sealing is off. */
  private List<Bson> sealOf(KeyEntry entry) {
    String mark = seal.of(entry);
    return mark == null ? List.of() : List.of(Updates.set(KeySeal.FIELD, mark));
  }
}
